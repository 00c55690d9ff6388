with

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

final as (

    select
        document_id,
        source_path,
        document_kind,
        city,
        report_year,
        byte_size,
        loaded_at,
        load_run_id,
        parser_version,
        encoding,
        line_count,
        line_kind_counts,
    from documents

)

select * from final
