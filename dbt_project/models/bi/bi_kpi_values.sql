{#-
    Every KPI value with the KPI's names and unit, its period, and the name of its
    scope (the priority or department it is about; 'місто' / 'city' for the city).
-#}
with

kpi_values as (

    select * from {{ ref('fct_kpi_value') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

final as (

    select
        kpis.kpi_code,
        kpis.kpi_name,
        kpis.kpi_name_en,
        kpis.kpi_kind,
        kpis.unit,
        kpis.higher_is_better,
        kpi_values.period_key,
        periods.period_grain,
        periods.year,
        periods.quarter,
        periods.period_start,
        periods.period_end,
        kpi_values.scope_kind,
        case kpi_values.scope_kind
            when 'city' then 'місто'
            when 'priority' then priorities.priority_name
            when 'department' then departments.department_name
        end as scope_name,
        case kpi_values.scope_kind
            when 'city' then 'city'
            when 'priority' then priorities.priority_name_en
            when 'department' then departments.department_name_en
        end as scope_name_en,
        kpi_values.value,
        kpi_values.target_value,
        kpi_values.document_id,
        kpi_values.source_row,
        kpi_values.kpi_key,
        kpi_values.scope_key,
    from kpi_values
    inner join kpis
        on kpi_values.kpi_key = kpis.kpi_key
    left join periods
        on kpi_values.period_key = periods.period_key
    left join priorities
        on kpi_values.scope_kind = 'priority' and kpi_values.scope_key = priorities.priority_key
    left join departments
        on
            kpi_values.scope_kind = 'department'
            and kpi_values.scope_key = departments.department_key

)

select * from final
