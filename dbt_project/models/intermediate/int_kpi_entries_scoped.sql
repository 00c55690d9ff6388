{#-
    Every entry of a report in each scope an implementation KPI is computed for: the
    city, its priority, and each department named responsible for it. With what the KPIs
    read of it: its project's status, whether it has a text, whether its task lists any
    project that year. int_kpi_values_implementation counts these rows;
    bridge_kpi_value_entry names them for an auditor.
-#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

bodies as (

    select * from {{ ref('int_entry_bodies_resolved') }}

),

statuses as (

    select * from {{ ref('int_project_statuses_decided') }}

),

entry_facts as (

    select
        entries.entry_key,
        entries.period_key,
        entries.report_year,
        entries.priority_key,
        entries.task_key,
        entries.project_key,
        coalesce(trim(entries.implementation_text), '') != '' as has_text,
        bool_or(entries.project_key is not null) over (
            partition by entries.task_key, entries.report_year
        ) as task_has_project,
        statuses.status
    from entries
    left join statuses
        on
            entries.project_key = statuses.project_key
            and entries.report_year = statuses.report_year

),

entry_departments as (

    select distinct
        entry_key,
        department_key
    from bodies
    where department_key is not null

),

final as (

    select
        'city' as scope_kind,
        cast(null as varchar) as scope_key,
        entry_facts.*
    from entry_facts

    union all

    select
        'priority' as scope_kind,
        priority_key as scope_key,
        entry_facts.*
    from entry_facts

    union all

    select
        'department' as scope_kind,
        entry_departments.department_key as scope_key,
        entry_facts.*
    from entry_facts
    inner join entry_departments
        on entry_facts.entry_key = entry_departments.entry_key

)

select * from final
