{#- mart_project_history with the priority's names and both years' statuses as people read them. -#}
with

history as (

    select * from {{ ref('mart_project_history') }}

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

labels as (

    select * from {{ ref('status_labels') }}

),

final as (

    select
        history.report_year,
        history.previous_report_year,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        history.project_name,
        history.previous_project_name,
        history.change_kind,
        history.previous_status,
        previous_labels.label_uk as previous_status_label_uk,
        previous_labels.label_en as previous_status_label_en,
        history.status,
        current_labels.label_uk as status_label_uk,
        current_labels.label_en as status_label_en,
        history.transition,
        history.status_changed,
        history.status_evidence,
        history.project_key,
        history.task_key,
        history.priority_key,
        history.document_id
    from history
    inner join priorities
        on history.priority_key = priorities.priority_key
    left join labels as previous_labels
        on history.previous_status = previous_labels.status
    left join labels as current_labels
        on history.status = current_labels.status

)

select * from final
