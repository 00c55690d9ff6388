{#-
    The entries each implementation KPI value was computed from: for every KPI of
    seeds/kpi_definitions.csv, report year and scope, the entries of the scope that the
    KPI counts (an entry of a completed project for projects_completed, an entry without
    text for entries_without_text, an entry of a silent department for
    responsible_bodies_silent, …). Each KPI is one boolean column of `counted`, named by
    its code, as in int_kpi_values_implementation; one select per code keeps the true ones.
    A share is computed from the entries of its denominator; in_numerator says which of
    them its numerator counts.
-#}
with

scoped_entries as (

    select * from {{ ref('int_kpi_entries_scoped') }}

),

department_reporting as (

    select * from {{ ref('int_kpi_departments_reporting') }}

),

bodies as (

    select * from {{ ref('int_entry_bodies_resolved') }}

),

definitions as (

    select * from {{ ref('stg_seeds__kpi_definitions') }}

),

entry_departments as (

    select distinct
        entry_key,
        department_key
    from bodies
    where department_key is not null

),

{# The departments of an entry that count in its scope, and whether one of them was silent. #}
entry_bodies as (

    select
        scoped_entries.period_key,
        scoped_entries.scope_kind,
        scoped_entries.scope_key,
        scoped_entries.entry_key,
        bool_or(not department_reporting.reported_something) as has_silent_body
    from scoped_entries
    inner join entry_departments
        on scoped_entries.entry_key = entry_departments.entry_key
    inner join department_reporting
        on
            scoped_entries.period_key = department_reporting.period_key
            and scoped_entries.scope_kind = department_reporting.scope_kind
            and scoped_entries.scope_key is not distinct from department_reporting.scope_key
            and entry_departments.department_key = department_reporting.department_key
    group by
        scoped_entries.period_key,
        scoped_entries.scope_kind,
        scoped_entries.scope_key,
        scoped_entries.entry_key

),

counted as (

    select
        scoped_entries.period_key,
        scoped_entries.scope_kind,
        scoped_entries.scope_key,
        scoped_entries.entry_key,
        scoped_entries.status,
        scoped_entries.project_key is not null as projects_total,
        scoped_entries.status = 'completed' as projects_completed,
        scoped_entries.status = 'in_progress' as projects_in_progress,
        scoped_entries.status = 'ongoing' as projects_ongoing,
        scoped_entries.status = 'planned' as projects_planned,
        scoped_entries.status = 'not_started' as projects_not_started,
        scoped_entries.status = 'suspended' as projects_suspended,
        scoped_entries.status = 'unknown' as projects_status_unknown,
        scoped_entries.project_key is not null as share_completed,
        scoped_entries.project_key is not null as share_suspended_or_not_started,
        true as tasks_total,
        not scoped_entries.task_has_project as tasks_without_project,
        true as entries_total,
        not scoped_entries.has_text as entries_without_text,
        entry_bodies.entry_key is not null as responsible_bodies_total,
        coalesce(entry_bodies.has_silent_body, false) as responsible_bodies_silent
    from scoped_entries
    left join entry_bodies
        on
            scoped_entries.period_key = entry_bodies.period_key
            and scoped_entries.scope_kind = entry_bodies.scope_kind
            and scoped_entries.scope_key is not distinct from entry_bodies.scope_key
            and scoped_entries.entry_key = entry_bodies.entry_key

),

unpivoted as (

    {% for kpi_code in implementation_kpi_codes() -%}
    select
        period_key,
        scope_kind,
        scope_key,
        entry_key,
        status,
        '{{ kpi_code }}' as kpi_code,
        {{ kpi_code }} as is_counted
    from counted
    {% if not loop.last %}
    union all

    {% endif -%}
    {% endfor %}

),

final as (

    select
        definitions.kpi_key,
        unpivoted.period_key,
        unpivoted.scope_kind,
        unpivoted.scope_key,
        unpivoted.entry_key,
        unpivoted.kpi_code,
        case unpivoted.kpi_code
            when 'share_completed' then coalesce(unpivoted.status = 'completed', false)
            when 'share_suspended_or_not_started'
                then coalesce(unpivoted.status in ('suspended', 'not_started'), false)
            else true
        end as in_numerator
    from unpivoted
    inner join definitions
        on unpivoted.kpi_code = definitions.kpi_code
    where unpivoted.is_counted

)

select * from final
