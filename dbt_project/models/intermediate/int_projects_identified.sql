{#-
    A project is identified by its normalized name within its task, so the same
    project reported in several years is one row; its attributes (name, period,
    description) come from the latest report year that lists it.
-#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

project_entries as (

    select * from entries
    where project_key is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by project_key
            order by report_year desc, document_id, entry_ordinal
        ) as recency_rank,
        min(report_year) over (partition by project_key) as first_report_year,
        max(report_year) over (partition by project_key) as last_report_year
    from project_entries

),

final as (

    select
        project_key,
        task_key,
        project_name,
        project_name_key,
        project_printed,
        period_start_year,
        period_end_year,
        project_description,
        project_ordinal,
        line_start as project_line,
        document_id,
        first_report_year,
        last_report_year
    from ranked
    where recency_rank = 1

)

select * from final
