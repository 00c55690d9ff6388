{#- Several report years can be loaded: a task's attributes come from the latest one. -#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by task_key
            order by report_year desc, document_id, entry_ordinal
        ) as recency_rank,
        min(report_year) over (partition by task_key) as first_report_year,
        max(report_year) over (partition by task_key) as last_report_year
    from entries

),

final as (

    select
        task_key,
        goal_key,
        task_ordinal,
        task_number_printed,
        task_description,
        task_line,
        document_id,
        first_report_year,
        last_report_year
    from ranked
    where recency_rank = 1

)

select * from final
