{#-
    Current documents are the ones in sources/ now: reports and indicator files (whose
    line_count and line_kind_counts count rows and row kinds). A document published
    before but no longer in sources/ stays listed: 'superseded' when a current document
    reports the same city and year (a corrected re-issue) or, for an indicator file,
    lies at the same path; 'withdrawn' otherwise.
-#}
with

report_documents as (

    select * from {{ ref('stg_reports__documents') }}

),

indicator_documents as (

    select * from {{ ref('stg_indicators__documents') }}

),

documents as (

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
        line_kind_counts
    from report_documents
    union all
    select
        document_id,
        source_path,
        document_kind,
        city,
        cast(null as integer) as report_year,
        byte_size,
        loaded_at,
        load_run_id,
        parser_version,
        encoding,
        row_count as line_count,
        row_kind_counts as line_kind_counts
    from indicator_documents

),

published_before as (

    select * from {{ ref('stg_reports__published_documents') }}

),

{# Both halves list the same columns in the same order: the union matches them by place. #}
current_documents as (

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
        'current' as document_status,
        cast(null as varchar) as superseded_by_document_id
    from documents

),

earlier_documents as (

    select
        before.document_id,
        before.source_path,
        before.document_kind,
        before.city,
        before.report_year,
        before.byte_size,
        before.loaded_at,
        before.load_run_id,
        before.parser_version,
        before.encoding,
        before.line_count,
        before.line_kind_counts,
        case when now.document_id is null then 'withdrawn' else 'superseded' end
        as document_status,
        now.document_id as superseded_by_document_id
    from published_before as before
    left join documents as now
        on
            now.city = before.city
            and now.document_kind = before.document_kind
            and (
                now.report_year = before.report_year
                or (before.document_kind = 'indicators' and now.source_path = before.source_path)
            )
    where before.document_id not in (select document_id from documents)

),

unioned as (

    select * from current_documents
    union all
    select * from earlier_documents

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
        document_status,
        superseded_by_document_id
    from unioned

)

select * from final
