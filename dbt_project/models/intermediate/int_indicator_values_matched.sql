{#-
    Every landed indicator value with the catalog entry its name matches (through
    seeds/indicator_aliases.csv, by the key the landing computed) and whether it can
    stand in the marts: a catalogued indicator, a readable period and value, printed in
    the catalog's unit (or in none, or a bare multiplier such as "тис."), for the
    document's city, and — for a flow — for a period rather than an instant. A value that
    cannot is kept here with the reason visible in its columns; the landing checks have
    reported it with its file and row.

    `reconciliation_key` is what two values must share to state the same figure: a
    flow's period, a stock's instant (`period_as_of`: "for 2016", "на кінець 2016 року"
    and "на 1 січня 2017" are one instant, 2017-01-01).
-#}
with

indicator_values as (

    select * from {{ ref('stg_indicators__values') }}

),

documents as (

    select * from {{ ref('stg_indicators__documents') }}

),

aliases as (

    select * from {{ ref('stg_seeds__indicator_aliases') }}

),

catalog as (

    select * from {{ ref('stg_seeds__indicator_catalog') }}

),

territories as (

    select * from {{ ref('stg_seeds__indicator_territories') }}

),

matched as (

    select
        indicator_values.*,
        documents.source_path,
        aliases.indicator_code as kpi_code,
        catalog.kpi_key,
        catalog.unit as catalog_unit,
        catalog.additive,
        catalog.measure_kind,
        case
            when catalog.measure_kind = 'stock'
                then cast(indicator_values.period_as_of as varchar)
            else indicator_values.period_key
        end as reconciliation_key,
        coalesce(
            catalog.measure_kind != 'flow' or indicator_values.period_grain != 'instant', true
        ) as period_fits,
        indicator_values.value_printed
        || coalesce(' ' || indicator_values.unit_printed, '') as value_shown,
        documents.source_path
        || coalesce('[' || indicator_values.sheet_name || ']', '')
        || ':' || indicator_values.row_number as location,
        case
            when indicator_values.unit is not null
                then indicator_values.unit = catalog.unit
            else indicator_values.unit_known
        end as unit_fits,
        indicator_values.territory_key is null
        or territories.city = indicator_values.city as territory_fits
    from indicator_values
    inner join documents
        on indicator_values.document_id = documents.document_id
    left join aliases
        on indicator_values.indicator_name_key = aliases.alias_key
    left join catalog
        on aliases.indicator_code = catalog.indicator_code
    left join territories
        on indicator_values.territory_key = territories.territory_key

),

final as (

    select
        *,
        coalesce(
            kpi_code is not null
            and value is not null
            and period_key is not null
            and unit_fits
            and territory_fits
            and period_fits,
            false
        ) as is_usable
    from matched

)

select * from final
