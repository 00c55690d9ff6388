with

source as (

    select * from {{ ref('indicator_units') }}

),

final as (

    select
        cast(printed as varchar) as printed,
        cast(role as varchar) as role,
        cast({{ blank_to_null('unit') }} as varchar) as unit,
        cast(factor as double precision) as factor,
        cast(rate_base as double precision) as rate_base,
        cast({{ blank_to_null('note') }} as varchar) as note
    from source

)

select * from final
