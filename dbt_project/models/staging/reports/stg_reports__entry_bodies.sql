with

source as (

    select * from {{ source('landing', 'report_entry_bodies') }}

),

final as (

    select
        {{ surrogate_key(['report_id', 'entry_ordinal', 'body_ordinal']) }} as entry_body_key,
        {{ surrogate_key(['report_id', 'entry_ordinal']) }} as entry_key,
        cast(document_id as varchar) as document_id,
        cast(report_id as varchar) as report_id,
        cast(entry_ordinal as integer) as entry_ordinal,
        cast(body_ordinal as integer) as body_ordinal,
        cast(body_name_printed as varchar) as body_name_printed,
        cast(body_name_key as varchar) as body_name_key,
        cast(line_number as integer) as line_number
    from source

)

select * from final
