with

source as (

    select * from {{ ref('indicator_catalog') }}

),

final as (

    select
        {{ surrogate_key(['indicator_code']) }} as kpi_key,
        cast(indicator_code as varchar) as indicator_code,
        cast(indicator_name as varchar) as indicator_name,
        cast(indicator_name_en as varchar) as indicator_name_en,
        cast(unit as varchar) as unit,
        cast(higher_is_better as boolean) as higher_is_better,
        cast(priority_ordinal as integer) as priority_ordinal,
        cast(additive as boolean) as additive,
        cast(measure_kind as varchar) as measure_kind,
        cast(definition as varchar) as definition
    from source

)

select * from final
