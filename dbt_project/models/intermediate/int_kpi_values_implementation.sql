{#-
    The implementation KPIs of seeds/kpi_definitions.csv, computed from the reports
    for each report year at three scopes: the city, each priority printed that year,
    and each department named responsible that year (int_kpi_entries_scoped). A
    department scope counts the entries (and their tasks and projects) the department
    is named responsible for.
    Each KPI is one column of `measures`, named by its code; one select per code turns
    them into rows. A share whose denominator is 0 is NULL.
-#}

with

scoped_entries as (

    select * from {{ ref('int_kpi_entries_scoped') }}

),

department_reporting as (

    select * from {{ ref('int_kpi_departments_reporting') }}

),

entry_measures as (

    select
        period_key,
        scope_kind,
        scope_key,
        count(distinct project_key) as projects_total,
        count(distinct project_key) filter (where status = 'completed') as projects_completed,
        count(distinct project_key) filter (where status = 'in_progress') as projects_in_progress,
        count(distinct project_key) filter (where status = 'ongoing') as projects_ongoing,
        count(distinct project_key) filter (where status = 'planned') as projects_planned,
        count(distinct project_key) filter (where status = 'not_started') as projects_not_started,
        count(distinct project_key) filter (where status = 'suspended') as projects_suspended,
        count(distinct project_key) filter (where status = 'unknown') as projects_status_unknown,
        count(distinct task_key) as tasks_total,
        count(distinct task_key) filter (where not task_has_project) as tasks_without_project,
        count(distinct entry_key) as entries_total,
        count(distinct entry_key) filter (where not has_text) as entries_without_text
    from scoped_entries
    group by period_key, scope_kind, scope_key

),

body_measures as (

    select
        period_key,
        scope_kind,
        scope_key,
        count(*) as responsible_bodies_total,
        count(*) filter (where not reported_something) as responsible_bodies_silent
    from department_reporting
    group by period_key, scope_kind, scope_key

),

measures as (

    select
        entry_measures.period_key,
        entry_measures.scope_kind,
        entry_measures.scope_key,
        cast(entry_measures.projects_total as double precision) as projects_total,
        cast(entry_measures.projects_completed as double precision) as projects_completed,
        cast(entry_measures.projects_in_progress as double precision) as projects_in_progress,
        cast(entry_measures.projects_ongoing as double precision) as projects_ongoing,
        cast(entry_measures.projects_planned as double precision) as projects_planned,
        cast(entry_measures.projects_not_started as double precision) as projects_not_started,
        cast(entry_measures.projects_suspended as double precision) as projects_suspended,
        cast(entry_measures.projects_status_unknown as double precision) as projects_status_unknown,
        100.0 * cast(entry_measures.projects_completed as double precision)
        / nullif(entry_measures.projects_total, 0) as share_completed,
        100.0 * cast(
            entry_measures.projects_suspended + entry_measures.projects_not_started
            as double precision
        )
        / nullif(entry_measures.projects_total, 0) as share_suspended_or_not_started,
        cast(entry_measures.tasks_total as double precision) as tasks_total,
        cast(entry_measures.tasks_without_project as double precision) as tasks_without_project,
        cast(entry_measures.entries_total as double precision) as entries_total,
        cast(entry_measures.entries_without_text as double precision) as entries_without_text,
        cast(coalesce(body_measures.responsible_bodies_total, 0) as double precision)
            as responsible_bodies_total,
        cast(coalesce(body_measures.responsible_bodies_silent, 0) as double precision)
            as responsible_bodies_silent
    from entry_measures
    left join body_measures
        on
            entry_measures.period_key = body_measures.period_key
            and entry_measures.scope_kind = body_measures.scope_kind
            and entry_measures.scope_key is not distinct from body_measures.scope_key

),

final as (

    {% for kpi_code in implementation_kpi_codes() -%}
    select
        '{{ kpi_code }}' as kpi_code,
        period_key,
        scope_kind,
        scope_key,
        {{ kpi_code }} as value
    from measures
    {% if not loop.last %}
    union all

    {% endif -%}
    {% endfor %}

)

select * from final
