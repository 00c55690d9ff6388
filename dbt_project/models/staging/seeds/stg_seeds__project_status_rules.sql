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
        cast({{ blank_to_null('example') }} as varchar) as example,
        cast({{ blank_to_null('note') }} as varchar) as note,
    from source

)

select * from final
