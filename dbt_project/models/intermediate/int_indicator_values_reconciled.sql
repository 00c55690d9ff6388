{#-
    One row per usable indicator value, reconciled with every other value of the same
    indicator and period — for a stock, the same instant (`reconciliation_key`: the
    population "for 2016" and "на 1 січня 2017" are one figure) — from the same file or
    another:

    - values agree when they differ by no more than half the coarser rounding step
      ("269942 осіб" and "269,9 тис. осіб" agree: 42 persons apart, the step is 100);
      `also_given_at` lists agreeing rows, `disagreeing_with` the others;
    - one value per indicator and period (or instant) is kept for fct_kpi_value: the most
      precisely printed, then the first by file path, sheet, row and column (`is_chosen`);
    - for an additive indicator (its quarters add up to the year), the year's kept value
      is compared with its kept quarters and months from the start of the year:
      `parts_exceed_total` is true when non-negative parts add up to more than the year,
      or four quarters do not add up to it, beyond their rounding.

    The suite expectations/mart_indicator_reconciliation.json reports each such row with
    its file and row; nothing here stops a load.
-#}
with

matched as (

    select * from {{ ref('int_indicator_values_matched') }}

),

usable as (

    select * from matched
    where is_usable

),

ranked as (

    select
        *,
        row_number() over (
            partition by kpi_code, reconciliation_key
            order by
                value_precision,
                source_path,
                sheet_name nulls first,
                row_number,
                column_number
        ) = 1 as is_chosen
    from usable

),

pairs as (

    select
        this.indicator_value_id,
        other.location || ' (' || other.value_shown
        || case when other.period_key != this.period_key then ', ' || other.period_key else '' end
        || ')' as other_shown,
        other.source_path,
        other.sheet_name,
        other.row_number,
        other.column_number,
        abs(this.value - other.value)
        <= 0.5 * greatest(this.value_precision, other.value_precision)
        + 1e-9 * greatest(abs(this.value), abs(other.value)) as agrees
    from ranked as this
    inner join ranked as other
        on
            this.kpi_code = other.kpi_code
            and this.reconciliation_key = other.reconciliation_key
            and this.indicator_value_id != other.indicator_value_id

),

counterparts as (

    select
        indicator_value_id,
        string_agg(
            other_shown, '; ' order by source_path, sheet_name, row_number, column_number
        ) filter (where not agrees) as disagreeing_with,
        string_agg(
            other_shown, '; ' order by source_path, sheet_name, row_number, column_number
        ) filter (where agrees) as also_given_at
    from pairs
    group by indicator_value_id

),

kept as (

    select
        kpi_code,
        reconciliation_key,
        location || ' (' || value_shown || ')' as kept_shown
    from ranked
    where is_chosen

),

year_parts as (

    select
        kpi_code,
        period_year,
        count(*) filter (where period_grain = 'quarter') as quarters,
        sum(value) filter (where period_grain = 'quarter') as quarters_total,
        sum(value_precision) filter (where period_grain = 'quarter') as quarters_precision,
        max(value) filter (where period_grain = 'part_year') as largest_part,
        {{ arg_max('value_precision', 'value', filter="period_grain = 'part_year'") }}
            as largest_part_precision,
        bool_and(value >= 0) as parts_non_negative,
        string_agg(
            period_key || ' = ' || value_shown || ' at ' || location, '; ' order by period_key
        ) as parts_listed
    from ranked
    where is_chosen and additive and period_grain in ('quarter', 'part_year')
    group by kpi_code, period_year

),

years_checked as (

    select
        ranked.indicator_value_id,
        year_parts.quarters_total,
        year_parts.parts_listed,
        (
            year_parts.parts_non_negative
            and ranked.value >= 0
            and (
                year_parts.quarters_total > ranked.value
                + 0.5 * (ranked.value_precision + coalesce(year_parts.quarters_precision, 0))
                or year_parts.largest_part > ranked.value
                + 0.5 * (ranked.value_precision + coalesce(year_parts.largest_part_precision, 0))
            )
        )
        or (
            year_parts.quarters = 4
            and abs(year_parts.quarters_total - ranked.value)
            > 0.5 * (ranked.value_precision + year_parts.quarters_precision)
        ) as parts_exceed_total
    from ranked
    inner join year_parts
        on
            ranked.kpi_code = year_parts.kpi_code
            and ranked.period_year = year_parts.period_year
    where ranked.is_chosen and ranked.period_grain = 'year'

),

final as (

    select
        ranked.indicator_value_id,
        ranked.document_id,
        ranked.source_path,
        ranked.sheet_name,
        ranked.row_number,
        ranked.column_number,
        ranked.location,
        ranked.kpi_code,
        ranked.kpi_key,
        ranked.indicator_name,
        ranked.period_key,
        ranked.reconciliation_key,
        ranked.period_grain,
        ranked.period_year,
        ranked.value_printed,
        ranked.unit_printed,
        ranked.value_shown,
        ranked.value,
        ranked.value_precision,
        ranked.target_value,
        ranked.is_chosen,
        kept.kept_shown,
        counterparts.disagreeing_with,
        counterparts.also_given_at,
        years_checked.quarters_total as parts_quarters_total,
        years_checked.parts_listed,
        coalesce(years_checked.parts_exceed_total, false) as parts_exceed_total
    from ranked
    left join counterparts
        on ranked.indicator_value_id = counterparts.indicator_value_id
    left join kept
        on
            ranked.kpi_code = kept.kpi_code
            and ranked.reconciliation_key = kept.reconciliation_key
    left join years_checked
        on ranked.indicator_value_id = years_checked.indicator_value_id

)

select * from final
