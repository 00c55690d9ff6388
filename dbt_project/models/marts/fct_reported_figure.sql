{#-
    One row per figure per entry. The report often prints the same sentence in
    several entries (a programme's result under every task it serves): each copy
    is kept with its own entry, and every copy after the first in document order
    is marked as a repeat of the first, so that a BI sum can leave repeats out
    (`where not is_repeat`). A copy is the same sentence (folded) with the same
    figure in the same place of it, the same value and unit, in the same document.
-#}
with

figures as (

    select * from {{ ref('stg_reports__figures') }}

),

lines as (

    select * from {{ ref('stg_reports__lines') }}

),

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

located as (

    select
        figures.*,
        documents.report_year,
        documents.period_key,
        documents.source_path,
        lines.line_text
    from figures
    inner join documents
        on figures.document_id = documents.document_id
    inner join lines
        on
            figures.document_id = lines.document_id
            and figures.line_number = lines.line_number

),

repeats_marked as (

    select
        *,
        first_value(figure_id) over (
            partition by document_id, sentence_key, sentence_ordinal, value, unit
            order by line_number, char_start
        ) as first_figure_id
    from located

),

final as (

    select
        figure_id,
        entry_key,
        document_id,
        report_year,
        value,
        unit,
        raw_text,
        line_number,
        char_start,
        char_end,
        context_sentence,
        value_low,
        value_high,
        qualifier,
        unit_kind,
        unit_printed,
        written_as_words,
        first_figure_id != figure_id as is_repeat,
        case when first_figure_id != figure_id then first_figure_id end as repeat_of_figure_id,
        entry_ordinal,
        sentence_ordinal,
        period_key,
        source_path,
        line_text
    from repeats_marked

)

select * from final
