with

source as (

    select * from {{ source('landing', 'report_lines') }}

),

final as (

    select
        cast(document_id as varchar) as document_id,
        cast(line_number as integer) as line_number,
        cast(line_kind as varchar) as line_kind,
        cast(line_text as varchar) as line_text,
        cast(entry_ordinal as integer) as entry_ordinal,
        cast(text_char_start as integer) as text_char_start
    from source

)

select * from final
