{#- Several report years can be loaded: a goal's attributes come from the latest one. -#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by goal_key
            order by report_year desc, document_id, entry_ordinal
        ) as recency_rank,
        min(report_year) over (partition by goal_key) as first_report_year,
        max(report_year) over (partition by goal_key) as last_report_year
    from entries

),

final as (

    select
        goal_key,
        priority_key,
        goal_ordinal,
        goal_number_printed,
        goal_title,
        goal_line,
        document_id,
        first_report_year,
        last_report_year
    from ranked
    where recency_rank = 1

)

select * from final
