with

source as (

    select * from {{ ref('kpi_definitions') }}

),

final as (

    select
        {{ surrogate_key(['kpi_code']) }} as kpi_key,
        cast(kpi_code as varchar) as kpi_code,
        cast(kpi_name as varchar) as kpi_name,
        cast(kpi_name_en as varchar) as kpi_name_en,
        cast(unit as varchar) as unit,
        cast(kpi_kind as varchar) as kpi_kind,
        cast(higher_is_better as boolean) as higher_is_better,
        cast(definition as varchar) as definition
    from source

)

select * from final
