{#-
    Each department responsible for an entry within a scope of an implementation KPI,
    and whether it reported anything there: a department "reported nothing" in a scope
    when none of its entries there has a text. In a department's own scope only that
    department counts.
-#}
with

scoped_entries as (

    select * from {{ ref('int_kpi_entries_scoped') }}

),

bodies as (

    select * from {{ ref('int_entry_bodies_resolved') }}

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
        scoped_entries.period_key,
        scoped_entries.scope_kind,
        scoped_entries.scope_key,
        entry_departments.department_key,
        bool_or(scoped_entries.has_text) as reported_something
    from scoped_entries
    inner join entry_departments
        on scoped_entries.entry_key = entry_departments.entry_key
    where
        scoped_entries.scope_kind != 'department'
        or scoped_entries.scope_key = entry_departments.department_key
    group by
        scoped_entries.period_key,
        scoped_entries.scope_kind,
        scoped_entries.scope_key,
        entry_departments.department_key

)

select * from final
