with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

final as (

    select
        entry_key,
        report_year,
        document_id,
        task_key,
        project_key,
        implementation_text,
        line_start,
        line_end,
        entry_ordinal,
        period_key,
        priority_key,
        goal_key,
        project_printed as project_name_printed,
        responsible_printed
    from entries

)

select * from final
