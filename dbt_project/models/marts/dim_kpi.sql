{#-
    KPI definitions of every kind, one import CTE per kind: the implementation KPIs of
    seeds/kpi_definitions.csv and the indicators of seeds/indicator_catalog.csv.
-#}
with

definitions as (

    select * from {{ ref('stg_seeds__kpi_definitions') }}

),

indicator_definitions as (

    select * from {{ ref('int_indicator_definitions') }}

),

implementation as (

    select
        kpi_key,
        kpi_code,
        kpi_name,
        kpi_name_en,
        unit,
        kpi_kind,
        higher_is_better,
        definition,
        cast(null as varchar) as priority_key,
        cast(null as varchar) as measure_kind,
        cast(null as double precision) as rate_base
    from definitions

),

indicators as (

    select
        kpi_key,
        kpi_code,
        kpi_name,
        kpi_name_en,
        unit,
        kpi_kind,
        higher_is_better,
        definition,
        priority_key,
        measure_kind,
        rate_base
    from indicator_definitions

),

unioned as (

    select * from implementation
    union all
    select * from indicators

),

final as (

    select
        kpi_key,
        kpi_code,
        kpi_name,
        kpi_name_en,
        unit,
        kpi_kind,
        higher_is_better,
        definition,
        priority_key,
        measure_kind,
        rate_base
    from unioned

)

select * from final
