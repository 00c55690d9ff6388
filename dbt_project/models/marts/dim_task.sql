with

tasks as (

    select * from {{ ref('int_tasks_identified') }}

),

final as (

    select
        task_key,
        goal_key,
        task_number_printed,
        task_description,
        task_ordinal,
        task_line,
        document_id,
        first_report_year,
        last_report_year
    from tasks

)

select * from final
