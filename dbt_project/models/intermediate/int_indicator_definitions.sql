{#-
    The catalogued indicators as KPI definitions, in dim_kpi's shape, with their priority,
    whether each is a stock or a flow, and the base of a rate (1000 for 'per_mille').
-#}
with

catalog as (

    select * from {{ ref('stg_seeds__indicator_catalog') }}

),

priorities as (

    select * from {{ ref('stg_seeds__priorities') }}

),

units as (

    select * from {{ ref('stg_seeds__indicator_units') }}

),

rate_bases as (

    select
        unit,
        max(rate_base) as rate_base
    from units
    where rate_base is not null
    group by unit

),

final as (

    select
        catalog.kpi_key,
        catalog.indicator_code as kpi_code,
        catalog.indicator_name as kpi_name,
        catalog.indicator_name_en as kpi_name_en,
        catalog.unit,
        'indicator' as kpi_kind,
        catalog.higher_is_better,
        catalog.definition,
        priorities.priority_key,
        catalog.additive,
        catalog.measure_kind,
        rate_bases.rate_base
    from catalog
    left join priorities
        on catalog.priority_ordinal = priorities.priority_ordinal
    left join rate_bases
        on catalog.unit = rate_bases.unit

)

select * from final
