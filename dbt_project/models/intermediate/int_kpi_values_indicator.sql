{#-
    The indicator values of fct_kpi_value: for each catalogued indicator and period, the
    value kept by int_indicator_values_reconciled, for the city, with the file (sha256),
    row and column it was read from.
-#}
with

reconciled as (

    select * from {{ ref('int_indicator_values_reconciled') }}

),

final as (

    select
        kpi_code,
        period_key,
        'city' as scope_kind,
        cast(null as varchar) as scope_key,
        value,
        target_value,
        document_id,
        row_number as source_row,
        column_number as source_column,
        sheet_name as source_sheet
    from reconciled
    where is_chosen

)

select * from final
