with

source as (

    select * from {{ ref('indicator_territories') }}

),

final as (

    select
        cast(territory_key as varchar) as territory_key,
        cast(city as varchar) as city
    from source

)

select * from final
