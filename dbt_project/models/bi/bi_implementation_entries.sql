{#-
    Each reported entry with its place in the strategy, its responsible departments
    and the lines of the report it was read from.
-#}
with

entries as (

    select * from {{ ref('fct_implementation_entry') }}

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

entry_departments as (

    select * from {{ ref('bridge_entry_department') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

documents as (

    select * from {{ ref('dim_source_document') }}

),

departments_listed as (

    select
        entry_departments.entry_key,
        string_agg(
            distinct departments.department_name, '; ' order by departments.department_name
        ) as responsible_departments,
        string_agg(
            distinct departments.department_name_en, '; ' order by departments.department_name_en
        ) as responsible_departments_en
    from entry_departments
    inner join departments
        on entry_departments.department_key = departments.department_key
    group by entry_departments.entry_key

),

final as (

    select
        entries.report_year,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        goals.goal_number_printed,
        goals.goal_title,
        tasks.task_number_printed,
        tasks.task_description,
        projects.project_name,
        entries.responsible_printed,
        departments_listed.responsible_departments,
        departments_listed.responsible_departments_en,
        entries.implementation_text,
        documents.source_path,
        entries.line_start,
        entries.line_end,
        entries.entry_key,
        entries.project_key,
        entries.task_key,
        entries.goal_key,
        entries.priority_key,
        entries.document_id
    from entries
    inner join tasks
        on entries.task_key = tasks.task_key
    inner join goals
        on entries.goal_key = goals.goal_key
    inner join priorities
        on entries.priority_key = priorities.priority_key
    inner join documents
        on entries.document_id = documents.document_id
    left join projects
        on entries.project_key = projects.project_key
    left join departments_listed
        on entries.entry_key = departments_listed.entry_key

)

select * from final
