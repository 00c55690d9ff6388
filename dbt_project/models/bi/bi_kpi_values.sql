{#-
    Every KPI value with the KPI's names and unit, its period, the name of its scope
    (the priority or department it is about; 'місто' / 'city' for the city), and the
    previous value of the same KPI and scope with the change since it:

    - a stock (dim_kpi.measure_kind = 'stock') against the value at the previous instant
      it is known at (`as_of_date`: an instant's day, else the first day after the period —
      the population "for 2016" stands on 1 January 2017, after the one "на 01.10.2016");
    - anything else against the period of the same grain and length just before it: the
      previous year or quarter, and for months from the start of a year the same months
      of the previous year — never a quarter against a year.
-#}
with

kpi_values as (

    select * from {{ ref('fct_kpi_value') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

dim_periods as (

    select * from {{ ref('dim_period') }}

),

periods as (

    select
        dim_periods.*,
        case
            when dim_periods.period_grain = 'instant' then dim_periods.period_start
            else cast(dim_periods.period_end + interval '1 day' as date)
        end as as_of_date
    from dim_periods

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

departments as (

    select * from {{ ref('dim_department') }}

),

valued as (

    select
        kpi_values.kpi_key,
        kpi_values.period_key,
        kpi_values.scope_kind,
        kpi_values.scope_key,
        kpi_values.value,
        kpis.measure_kind,
        periods.period_grain,
        periods.year,
        periods.period_start,
        periods.period_end,
        periods.as_of_date
    from kpi_values
    inner join kpis
        on kpi_values.kpi_key = kpis.kpi_key
    left join periods
        on kpi_values.period_key = periods.period_key

),

stock_previous as (

    select
        kpi_key,
        period_key,
        scope_kind,
        scope_key,
        lag(period_key) over (
            partition by kpi_key, scope_kind, scope_key order by as_of_date, period_key
        ) as previous_period_key,
        lag(value) over (
            partition by kpi_key, scope_kind, scope_key order by as_of_date, period_key
        ) as previous_value
    from valued
    where measure_kind = 'stock' and as_of_date is not null

),

period_previous as (

    select
        this.kpi_key,
        this.period_key,
        this.scope_kind,
        this.scope_key,
        previous.period_key as previous_period_key,
        previous.value as previous_value
    from valued as this
    inner join valued as previous
        on
            this.kpi_key = previous.kpi_key
            and this.scope_kind = previous.scope_kind
            and coalesce(this.scope_key, '') = coalesce(previous.scope_key, '')
            and this.period_grain = previous.period_grain
            and (
                (
                    this.period_grain in ('year', 'quarter')
                    and cast(previous.period_end + interval '1 day' as date) = this.period_start
                )
                or (
                    this.period_grain = 'part_year'
                    and previous.year = this.year - 1
                    and extract(month from previous.period_start)
                    = extract(month from this.period_start)
                    and extract(month from previous.period_end)
                    = extract(month from this.period_end)
                )
            )
    where coalesce(this.measure_kind, 'flow') != 'stock'

),

previous_values as (

    select * from stock_previous
    union all
    select * from period_previous

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
        kpis.measure_kind,
        kpis.rate_base,
        periods.as_of_date,
        previous_values.previous_period_key,
        previous_values.previous_value,
        cast(
            cast(kpi_values.value - previous_values.previous_value as decimal(38, 9))
            as double precision
        ) as value_change
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
    left join previous_values
        on
            kpi_values.kpi_key = previous_values.kpi_key
            and kpi_values.period_key = previous_values.period_key
            and kpi_values.scope_kind = previous_values.scope_kind
            and coalesce(kpi_values.scope_key, '') = coalesce(previous_values.scope_key, '')

)

select * from final
