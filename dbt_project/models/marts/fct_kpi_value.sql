{#-
    Values of every KPI family, one import CTE per family: the implementation KPIs
    computed from the reports (no source document), and the indicator values read from
    indicator files, each with its file (sha256), row, column and sheet.
-#}
with

definitions as (

    select * from {{ ref('stg_seeds__kpi_definitions') }}

),

indicator_definitions as (

    select * from {{ ref('int_indicator_definitions') }}

),

implementation_values as (

    select * from {{ ref('int_kpi_values_implementation') }}

),

indicator_values as (

    select * from {{ ref('int_kpi_values_indicator') }}

),

implementation as (

    select
        kpi_code,
        period_key,
        scope_kind,
        scope_key,
        value,
        cast(null as double precision) as target_value,
        cast(null as varchar) as document_id,
        cast(null as integer) as source_row,
        cast(null as integer) as source_column,
        cast(null as varchar) as source_sheet
    from implementation_values

),

indicators as (

    select
        kpi_code,
        period_key,
        scope_kind,
        scope_key,
        value,
        target_value,
        document_id,
        source_row,
        source_column,
        source_sheet
    from indicator_values

),

unioned as (

    select * from implementation
    union all
    select * from indicators

),

keys as (

    select
        kpi_code,
        kpi_key
    from definitions
    union all
    select
        kpi_code,
        kpi_key
    from indicator_definitions

),

final as (

    select
        keys.kpi_key,
        unioned.period_key,
        unioned.scope_kind,
        unioned.scope_key,
        unioned.value,
        unioned.target_value,
        unioned.document_id,
        unioned.source_row,
        unioned.kpi_code,
        unioned.source_column,
        unioned.source_sheet
    from unioned
    inner join keys
        on unioned.kpi_code = keys.kpi_code

)

select * from final
