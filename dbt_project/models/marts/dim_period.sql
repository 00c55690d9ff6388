{#-
    Report years, and every period indicator files give values for: years, quarters
    ('2024-Q1'), part-years ('2020-M01-M09': January to September of 2020, the
    cumulative "from the start of the year" figures statistics offices publish) and
    instants ('2017-01-01': the day a stock is counted at; period_start = period_end).
-#}
with

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

indicator_values as (

    select * from {{ ref('stg_indicators__values') }}

),

report_years as (

    select distinct
        period_key,
        'year' as period_grain,
        report_year as year,
        cast(null as integer) as quarter,
        make_date(report_year, 1, 1) as period_start,
        make_date(report_year, 12, 31) as period_end
    from documents

),

indicator_periods as (

    select distinct
        period_key,
        period_grain,
        period_year as year,
        period_quarter as quarter,
        period_start,
        period_end
    from indicator_values
    where period_key is not null

),

unioned as (

    select * from report_years
    union
    select * from indicator_periods

),

final as (

    select
        period_key,
        period_grain,
        year,
        quarter,
        period_start,
        period_end
    from unioned

)

select * from final
