{#-
    KPI definitions of every kind; indicator KPIs defined elsewhere join this union
    with the same columns.
-#}
with

definitions as (

    select * from {{ ref('stg_seeds__kpi_definitions') }}

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
    from definitions

)

select * from final
