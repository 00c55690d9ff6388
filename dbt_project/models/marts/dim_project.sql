with

projects as (

    select * from {{ ref('int_projects_identified') }}

),

final as (

    select
        project_key,
        task_key,
        project_name,
        period_start_year,
        period_end_year,
        project_description,
        project_printed as project_name_printed,
        project_name_key,
        project_ordinal,
        project_line,
        document_id,
        first_report_year,
        last_report_year
    from projects

)

select * from final
