with

entries as (

    select * from {{ ref('stg_reports__entries') }}

),

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

seed_priorities as (

    select * from {{ ref('stg_seeds__priorities') }}

),

landed_priorities as (

    select
        document_id,
        report_year,
        priority_ordinal as landed_priority_ordinal,
        priority_name,
        priority_name_key,
        min(priority_line) as priority_line
    from entries
    group by
        document_id,
        report_year,
        priority_ordinal,
        priority_name,
        priority_name_key

),

matched as (

    select
        seed_priorities.priority_key,
        seed_priorities.strategy_code,
        seed_priorities.priority_ordinal,
        seed_priorities.priority_name_en,
        landed_priorities.document_id,
        documents.source_path,
        landed_priorities.report_year,
        landed_priorities.landed_priority_ordinal,
        landed_priorities.priority_name,
        landed_priorities.priority_name_key,
        landed_priorities.priority_line
    from landed_priorities
    left join seed_priorities
        on landed_priorities.priority_name_key = seed_priorities.priority_name_key
    left join documents
        on landed_priorities.document_id = documents.document_id

),

final as (

    select * from matched

)

select * from final
