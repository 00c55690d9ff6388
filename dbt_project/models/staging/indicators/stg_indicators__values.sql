with

source as (

    select * from {{ source('landing', 'indicator_values') }}

),

final as (

    select
        {{ surrogate_key(['document_id', 'sheet_name', 'row_number', 'column_number']) }}
            as indicator_value_id,
        cast(document_id as varchar) as document_id,
        cast(city as varchar) as city,
        cast({{ blank_to_null('sheet_name') }} as varchar) as sheet_name,
        cast(row_number as integer) as row_number,
        cast(column_number as integer) as column_number,
        cast({{ blank_to_null('indicator_printed') }} as varchar) as indicator_printed,
        cast({{ blank_to_null('indicator_name') }} as varchar) as indicator_name,
        cast({{ blank_to_null('indicator_name_key') }} as varchar) as indicator_name_key,
        cast({{ blank_to_null('parent_printed') }} as varchar) as parent_printed,
        cast({{ blank_to_null('unit_printed') }} as varchar) as unit_printed,
        cast(unit as varchar) as unit,
        cast(unit_factor as double precision) as unit_factor,
        cast(unit_known as boolean) as unit_known,
        cast({{ blank_to_null('territory') }} as varchar) as territory,
        cast({{ blank_to_null('territory_key') }} as varchar) as territory_key,
        cast(period_printed as varchar) as period_printed,
        cast(period_key as varchar) as period_key,
        cast(period_grain as varchar) as period_grain,
        cast(period_year as integer) as period_year,
        cast(period_quarter as integer) as period_quarter,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(landing_quarter as varchar) as landing_quarter,
        cast(value_printed as varchar) as value_printed,
        cast(value as double precision) as value,
        cast(value_precision as double precision) as value_precision,
        cast({{ blank_to_null('target_printed') }} as varchar) as target_printed,
        cast(target_value as double precision) as target_value,
        cast({{ blank_to_null('period_phrase') }} as varchar) as period_phrase,
        cast(unit_rate_base as double precision) as unit_rate_base,
        cast(
            case
                when period_grain = 'instant' then period_start
                else period_end + interval '1 day'
            end as date
        ) as period_as_of
    from source

)

select * from final
