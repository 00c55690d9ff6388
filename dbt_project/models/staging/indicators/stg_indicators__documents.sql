with

source as (

    select * from {{ source('landing', 'indicator_documents') }}

),

final as (

    select
        cast(document_id as varchar) as document_id,
        cast(source_path as varchar) as source_path,
        cast(document_kind as varchar) as document_kind,
        cast({{ blank_to_null('city') }} as varchar) as city,
        cast(byte_size as bigint) as byte_size,
        cast(file_format as varchar) as file_format,
        cast(encoding as varchar) as encoding,
        cast(delimiter as varchar) as delimiter,
        cast(layout as varchar) as layout,
        cast(row_count as integer) as row_count,
        cast(row_kind_counts as varchar) as row_kind_counts,
        cast(value_count as integer) as value_count,
        cast(parser_version as varchar) as parser_version,
        cast(loaded_at as timestamp) as loaded_at,
        cast(load_run_id as varchar) as load_run_id
    from source

)

select * from final
