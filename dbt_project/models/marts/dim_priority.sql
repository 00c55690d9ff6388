with

priorities as (

    select * from {{ ref('int_priorities_identified') }}

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
    from priorities

)

select * from final
