{#- The catalogued indicators as KPI definitions, in dim_kpi's shape, with their priority. -#}
with

catalog as (

    select * from {{ ref('stg_seeds__indicator_catalog') }}

),

priorities as (

    select * from {{ ref('stg_seeds__priorities') }}

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
    from catalog
    left join priorities
        on catalog.priority_ordinal = priorities.priority_ordinal

)

select * from final
