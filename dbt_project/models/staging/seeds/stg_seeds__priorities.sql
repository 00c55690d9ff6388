with

source as (

    select * from {{ ref('priorities') }}

),

final as (

    select
        {{ surrogate_key(['strategy_code', 'priority_ordinal']) }} as priority_key,
        cast(strategy_code as varchar) as strategy_code,
        cast(priority_ordinal as integer) as priority_ordinal,
        cast(priority_name as varchar) as priority_name,
        {{ name_key('priority_name') }} as priority_name_key,
        cast(priority_name_en as varchar) as priority_name_en
    from source

)

select * from final
