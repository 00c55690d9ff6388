with

source as (

    select * from {{ ref('department_aliases') }}

),

final as (

    select
        cast(alias_key as varchar) as alias_key,
        cast(department_code as varchar) as department_code,
        cast({{ blank_to_null('note') }} as varchar) as note
    from source

)

select * from final
