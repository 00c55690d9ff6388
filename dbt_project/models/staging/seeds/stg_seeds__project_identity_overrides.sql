with

source as (

    select * from {{ ref('project_identity_overrides') }}

),

final as (

    select
        cast(report_year as integer) as report_year,
        cast(priority_ordinal as integer) as priority_ordinal,
        cast(goal_ordinal as integer) as goal_ordinal,
        cast(task_ordinal as integer) as task_ordinal,
        cast(project_name_key as varchar) as project_name_key,
        cast({{ blank_to_null('earlier_project_name_key') }} as varchar)
            as earlier_project_name_key,
        cast({{ blank_to_null('note') }} as varchar) as note
    from source

)

select * from final
