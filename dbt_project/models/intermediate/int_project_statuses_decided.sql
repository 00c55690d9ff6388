{#-
    A project's status in a report year: a person's reviewed status where there is one,
    otherwise the rules' proposal (int_project_status_rule_decisions), kept beside it
    as rule_status. A review applies to its own year, and carries over to later years
    only while the project's texts stay exactly as the reviewer read them: a year whose
    text changed, and every year after it, goes back to the rules.
-#}
with

decisions as (

    select * from {{ ref('int_project_status_rule_decisions') }}

),

reviews as (

    select * from {{ ref('int_project_status_reviews_matched') }}
    where match_state = 'matched'

),

candidates as (

    select
        decisions.project_key,
        decisions.report_year,
        reviews.report_year as review_report_year,
        reviews.status as review_status,
        reviews.review_reason,
        reviews.reviewed_by,
        reviews.reviewed_on,
        reviews.text_fingerprint as reviewed_text_fingerprint,
        row_number() over (
            partition by decisions.project_key, decisions.report_year
            order by reviews.report_year desc
        ) as review_rank
    from decisions
    inner join reviews
        on
            decisions.project_key = reviews.project_key
            and decisions.report_year >= reviews.report_year

),

latest_reviews as (

    select * from candidates
    where review_rank = 1

),

{# Years after the review, up to this one, whose texts differ from the reviewed ones. #}
changed_texts as (

    select
        latest_reviews.project_key,
        latest_reviews.report_year,
        count(*) as changed_years
    from latest_reviews
    inner join decisions
        on
            latest_reviews.project_key = decisions.project_key
            and decisions.report_year > latest_reviews.review_report_year
            and decisions.report_year <= latest_reviews.report_year
            and decisions.text_fingerprint != latest_reviews.reviewed_text_fingerprint
    group by latest_reviews.project_key, latest_reviews.report_year

),

applied_reviews as (

    select latest_reviews.*
    from latest_reviews
    left join changed_texts
        on
            latest_reviews.project_key = changed_texts.project_key
            and latest_reviews.report_year = changed_texts.report_year
    where changed_texts.changed_years is null

),

final as (

    select
        decisions.project_key,
        decisions.report_year,
        coalesce(applied_reviews.review_status, decisions.status) as status,
        case when applied_reviews.project_key is null then 'rule' else 'review' end
            as status_source,
        decisions.status as rule_status,
        decisions.status_evidence,
        decisions.document_id,
        decisions.status_rule_id,
        decisions.evidence_sentence,
        decisions.evidence_entry_key,
        decisions.evidence_line_number,
        decisions.evidence_char_start,
        decisions.evidence_char_end,
        applied_reviews.reviewed_by,
        applied_reviews.reviewed_on,
        applied_reviews.review_reason,
        applied_reviews.review_report_year,
        decisions.decided_by_generic_verb,
        decisions.other_statuses_count,
        decisions.other_statuses_evidence,
        decisions.text_fingerprint,
        decisions.period_key,
        decisions.task_key,
        decisions.priority_key,
        decisions.entry_count,
        decisions.entries_with_text
    from decisions
    left join applied_reviews
        on
            decisions.project_key = applied_reviews.project_key
            and decisions.report_year = applied_reviews.report_year

)

select * from final
