with

source as (

    select * from {{ source('landing', 'report_figures') }}

),

final as (

    select
        {{ surrogate_key(['report_id', 'line_number', 'char_start']) }} as figure_id,
        {{ surrogate_key(['report_id', 'entry_ordinal']) }} as entry_key,
        cast(document_id as varchar) as document_id,
        cast(report_id as varchar) as report_id,
        cast(entry_ordinal as integer) as entry_ordinal,
        cast(line_number as integer) as line_number,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        cast(raw_text as varchar) as raw_text,
        cast(value as double precision) as value,
        cast(value_low as double precision) as value_low,
        cast(value_high as double precision) as value_high,
        cast(unit as varchar) as unit,
        cast(unit_kind as varchar) as unit_kind,
        cast({{ blank_to_null('unit_printed') }} as varchar) as unit_printed,
        cast(qualifier as varchar) as qualifier,
        cast(written_as_words as boolean) as written_as_words,
        cast(context_sentence as varchar) as context_sentence,
        cast(sentence_key as varchar) as sentence_key,
        cast(sentence_ordinal as integer) as sentence_ordinal
    from source

)

select * from final
