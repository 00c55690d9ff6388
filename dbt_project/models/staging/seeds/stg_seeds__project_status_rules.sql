with

source as (

    select * from {{ ref('project_status_rules') }}

),

final as (

    select
        cast(rule_id as varchar) as rule_id,
        cast(precedence as integer) as precedence,
        cast(status as varchar) as status,
        cast(pattern as varchar) as pattern,
        cast({{ blank_to_null('project_pattern') }} as varchar) as project_pattern,
        coalesce(cast(generic_verb as boolean), false) as generic_verb,
        cast({{ blank_to_null('example') }} as varchar) as example,
        cast({{ blank_to_null('example_project') }} as varchar) as example_project,
        cast({{ blank_to_null('note') }} as varchar) as note
    from source

)

select * from final
