{#-
    A project counts once for every department responsible for one of its entries that
    year (as in the department-scope KPIs), so the rows of one department add up to
    its projects; the rows of all departments add up to more than the projects.
-#}
with

statuses as (

    select * from {{ ref('fct_project_status') }}

),

projects as (

    select * from {{ ref('dim_project') }}

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

labels as (

    select * from {{ ref('status_labels') }}

),

project_departments as (

    select distinct
        entries.project_key,
        entries.report_year,
        entry_departments.department_key
    from entries
    inner join entry_departments
        on entries.entry_key = entry_departments.entry_key
    where entries.project_key is not null

),

final as (

    select
        statuses.report_year,
        departments.department_name,
        departments.department_name_en,
        departments.department_kind,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        projects.project_name,
        statuses.status,
        labels.label_uk as status_label_uk,
        labels.label_en as status_label_en,
        labels.sort_order as status_sort_order,
        departments.department_key,
        statuses.project_key,
        statuses.priority_key
    from statuses
    inner join project_departments
        on
            statuses.project_key = project_departments.project_key
            and statuses.report_year = project_departments.report_year
    inner join departments
        on project_departments.department_key = departments.department_key
    inner join projects
        on statuses.project_key = projects.project_key
    inner join priorities
        on statuses.priority_key = priorities.priority_key
    left join labels
        on statuses.status = labels.status

)

select * from final
