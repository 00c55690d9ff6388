with

source as (

    select * from {{ source('landing', 'report_entries') }}

),

final as (

    select
        {{ surrogate_key(['report_id', 'entry_ordinal']) }} as entry_key,
        cast(document_id as varchar) as document_id,
        cast(report_id as varchar) as report_id,
        cast(report_year as integer) as report_year,
        cast(report_year as varchar) as period_key,
        cast(entry_ordinal as integer) as entry_ordinal,
        cast(priority_ordinal as integer) as priority_ordinal,
        cast(priority_name as varchar) as priority_name,
        {{ name_key('priority_name') }} as priority_name_key,
        cast(priority_line as integer) as priority_line,
        cast(goal_ordinal as integer) as goal_ordinal,
        cast(goal_number_printed as varchar) as goal_number_printed,
        cast({{ blank_to_null('goal_title') }} as varchar) as goal_title,
        cast(goal_line as integer) as goal_line,
        cast(task_ordinal as integer) as task_ordinal,
        cast({{ blank_to_null('task_number_printed') }} as varchar) as task_number_printed,
        cast({{ blank_to_null('task_description') }} as varchar) as task_description,
        cast(task_line as integer) as task_line,
        cast(project_ordinal as integer) as project_ordinal,
        cast({{ blank_to_null('project_printed') }} as varchar) as project_printed,
        cast({{ blank_to_null('project_name') }} as varchar) as project_name,
        cast({{ blank_to_null('project_name_key') }} as varchar) as project_name_key,
        cast(period_start_year as integer) as period_start_year,
        cast(period_end_year as integer) as period_end_year,
        cast({{ blank_to_null('project_description') }} as varchar) as project_description,
        cast({{ blank_to_null('responsible_printed') }} as varchar) as responsible_printed,
        cast({{ blank_to_null('implementation_text') }} as varchar) as implementation_text,
        cast(line_start as integer) as line_start,
        cast(line_end as integer) as line_end
    from source

)

select * from final
