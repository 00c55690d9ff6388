with

source as (

    select * from {{ source('landing', 'report_documents') }}

),

final as (

    select
        cast(document_id as varchar) as document_id,
        cast(source_path as varchar) as source_path,
        cast(document_kind as varchar) as document_kind,
        cast({{ blank_to_null('city') }} as varchar) as city,
        cast(report_year as integer) as report_year,
        cast(report_year as varchar) as period_key,
        cast(byte_size as bigint) as byte_size,
        cast(encoding as varchar) as encoding,
        cast(line_count as integer) as line_count,
        cast(line_kind_counts as varchar) as line_kind_counts,
        cast(parser_version as varchar) as parser_version,
        cast(loaded_at as timestamp) as loaded_at,
        cast(load_run_id as varchar) as load_run_id
    from source

)

select * from final
