with

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

report_years as (

    select distinct
        period_key,
        report_year as year,
    from documents

),

final as (

    select
        period_key,
        'year' as period_grain,
        year,
        cast(null as integer) as quarter,
        make_date(year, 1, 1) as period_start,
        make_date(year, 12, 31) as period_end,
    from report_years

)

select * from final
