with

source as (

    select * from {{ ref('indicator_aliases') }}

),

final as (

    select
        cast(alias_key as varchar) as alias_key,
        cast(indicator_code as varchar) as indicator_code,
        cast({{ blank_to_null('note') }} as varchar) as note
    from source

)

select * from final
