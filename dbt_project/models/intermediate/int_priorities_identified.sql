{#- Several report years can be loaded: a priority's name comes from the latest one. -#}
with

priorities as (

    select * from {{ ref('int_priorities_matched') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by priority_key
            order by report_year desc, document_id
        ) as recency_rank,
        min(report_year) over (partition by priority_key) as first_report_year,
        max(report_year) over (partition by priority_key) as last_report_year
    from priorities

),

final as (

    select
        priority_key,
        strategy_code,
        priority_ordinal,
        priority_name,
        priority_name_en,
        priority_line,
        document_id,
        first_report_year,
        last_report_year
    from ranked
    where recency_rank = 1

)

select * from final
