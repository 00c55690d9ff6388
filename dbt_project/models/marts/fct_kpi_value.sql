{#-
    Values of every KPI family, one import CTE per family: the implementation KPIs
    computed from the reports now; indicator values read from indicator files join
    `unioned` with the same columns (their document_id and source_row filled).
-#}
with

definitions as (

    select * from {{ ref('stg_seeds__kpi_definitions') }}

),

implementation_values as (

    select * from {{ ref('int_kpi_values_implementation') }}

),

implementation as (

    select
        kpi_code,
        period_key,
        scope_kind,
        scope_key,
        value,
        cast(null as double) as target_value,
        cast(null as varchar) as document_id,
        cast(null as integer) as source_row,
    from implementation_values

),

unioned as (

    select * from implementation

),

final as (

    select
        definitions.kpi_key,
        unioned.period_key,
        unioned.scope_kind,
        unioned.scope_key,
        unioned.value,
        unioned.target_value,
        unioned.document_id,
        unioned.source_row,
        unioned.kpi_code,
    from unioned
    inner join definitions
        on unioned.kpi_code = definitions.kpi_code

)

select * from final
