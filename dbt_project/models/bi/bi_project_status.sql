{#-
    fct_project_status with everything a dashboard shows next to a project: its place
    in the strategy, its responsible departments and the status as people read it.
-#}
with

statuses as (

    select * from {{ ref('fct_project_status') }}

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

entry_departments as (

    select * from {{ ref('bridge_entry_department') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

documents as (

    select * from {{ ref('dim_source_document') }}

),

labels as (

    select * from {{ ref('status_labels') }}

),

project_departments as (

    select distinct
        entries.project_key,
        entries.report_year,
        departments.department_name,
        departments.department_name_en
    from entries
    inner join entry_departments
        on entries.entry_key = entry_departments.entry_key
    inner join departments
        on entry_departments.department_key = departments.department_key
    where entries.project_key is not null

),

departments_listed as (

    select
        project_key,
        report_year,
        count(*) as responsible_departments_count,
        string_agg(department_name, '; ' order by department_name) as responsible_departments,
        string_agg(department_name_en, '; ' order by department_name)
            as responsible_departments_en
    from project_departments
    group by project_key, report_year

),

final as (

    select
        statuses.report_year,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        goals.goal_ordinal,
        goals.goal_number_printed,
        goals.goal_title,
        tasks.task_ordinal,
        tasks.task_number_printed,
        tasks.task_description,
        projects.project_name,
        projects.project_description,
        projects.period_start_year,
        projects.period_end_year,
        statuses.status,
        labels.label_uk as status_label_uk,
        labels.label_en as status_label_en,
        labels.sort_order as status_sort_order,
        statuses.status_evidence,
        statuses.evidence_line_number,
        statuses.status_source,
        statuses.rule_status,
        statuses.reviewed_by,
        statuses.reviewed_on,
        statuses.review_reason,
        coalesce(departments_listed.responsible_departments_count, 0)
            as responsible_departments_count,
        departments_listed.responsible_departments,
        departments_listed.responsible_departments_en,
        documents.source_path,
        statuses.project_key,
        statuses.task_key,
        goals.goal_key,
        statuses.priority_key,
        statuses.document_id
    from statuses
    inner join projects
        on statuses.project_key = projects.project_key
    inner join tasks
        on statuses.task_key = tasks.task_key
    inner join goals
        on tasks.goal_key = goals.goal_key
    inner join priorities
        on statuses.priority_key = priorities.priority_key
    inner join documents
        on statuses.document_id = documents.document_id
    left join labels
        on statuses.status = labels.status
    left join departments_listed
        on
            statuses.project_key = departments_listed.project_key
            and statuses.report_year = departments_listed.report_year

)

select * from final
