{#-
    What a person should look at first: the project statuses the rules proposed with the
    least certainty, each with the reason it is queued and the evidence to decide by.
    A status a person already reviewed is not queued. Reasons, in the order a reviewer
    takes them: no rule decided; rules of different statuses matched; the deciding
    phrase is a generic verb of activity; the status changed against the previous report.
-#}
with

statuses as (

    select * from {{ ref('fct_project_status') }}

),

history as (

    select * from {{ ref('mart_project_history') }}

),

rules as (

    select * from {{ ref('project_status_rules') }}

),

projects as (

    select * from {{ ref('dim_project') }}

),

tasks as (

    select * from {{ ref('dim_task') }}

),

goals as (

    select * from {{ ref('dim_strategic_goal') }}

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

entries as (

    select * from {{ ref('fct_implementation_entry') }}

),

documents as (

    select * from {{ ref('dim_source_document') }}

),

labels as (

    select * from {{ ref('status_labels') }}

),

proposals as (

    select
        statuses.*,
        history.previous_status,
        coalesce(rules.generic_verb, false) as generic_verb
    from statuses
    left join history
        on
            statuses.project_key = history.project_key
            and statuses.report_year = history.report_year
    left join rules
        on statuses.status_rule_id = rules.rule_id
    where statuses.status_source = 'rule'

),

reasons as (

    select project_key, report_year, 1 as reason_order, 'no_rule_decided' as queue_reason
    from proposals
    where status = 'unknown'

    union all

    select project_key, report_year, 2 as reason_order, 'rules_disagree' as queue_reason
    from proposals
    where other_statuses_evidence is not null

    union all

    select project_key, report_year, 3 as reason_order, 'generic_activity_verb' as queue_reason
    from proposals
    where generic_verb

    union all

    select project_key, report_year, 4 as reason_order, 'status_changed' as queue_reason
    from proposals
    where previous_status is not null and previous_status != status

),

queued as (

    select
        project_key,
        report_year,
        min(reason_order) as queue_order,
        string_agg(queue_reason, '; ' order by reason_order) as queue_reasons
    from reasons
    group by project_key, report_year

),

texts as (

    select
        project_key,
        report_year,
        string_agg(implementation_text, chr(10) order by line_start) as implementation_text
    from entries
    where project_key is not null
    group by project_key, report_year

),

final as (

    select
        proposals.report_year,
        reasons.queue_reason,
        queued.queue_reasons,
        queued.queue_order,
        priorities.priority_ordinal,
        priorities.priority_name,
        tasks.task_number_printed,
        projects.project_name,
        projects.project_description,
        proposals.status,
        labels.label_uk as status_label_uk,
        labels.label_en as status_label_en,
        proposals.status_rule_id,
        proposals.status_evidence,
        proposals.evidence_sentence,
        proposals.other_statuses_evidence,
        proposals.previous_status,
        texts.implementation_text,
        proposals.evidence_line_number,
        documents.source_path,
        proposals.project_key,
        proposals.document_id
    from queued
    inner join reasons
        on
            queued.project_key = reasons.project_key
            and queued.report_year = reasons.report_year
            and queued.queue_order = reasons.reason_order
    inner join proposals
        on
            queued.project_key = proposals.project_key
            and queued.report_year = proposals.report_year
    inner join projects
        on proposals.project_key = projects.project_key
    inner join tasks
        on proposals.task_key = tasks.task_key
    inner join goals
        on tasks.goal_key = goals.goal_key
    inner join priorities
        on goals.priority_key = priorities.priority_key
    inner join documents
        on proposals.document_id = documents.document_id
    left join labels
        on proposals.status = labels.status
    left join texts
        on
            proposals.project_key = texts.project_key
            and proposals.report_year = texts.report_year

)

select * from final
