with

statuses as (

    select * from {{ ref('int_project_statuses_decided') }}

),

final as (

    select
        project_key,
        report_year,
        status,
        status_evidence,
        document_id,
        status_rule_id,
        evidence_sentence,
        evidence_entry_key,
        evidence_line_number,
        period_key,
        task_key,
        priority_key,
        status_source,
        rule_status,
        reviewed_by,
        reviewed_on,
        review_reason,
        other_statuses_evidence,
        evidence_char_start,
        evidence_char_end
    from statuses

)

select * from final
