with

source as (

    select * from {{ ref('departments') }}

),

final as (

    select
        {{ surrogate_key(['department_code']) }} as department_key,
        cast(department_code as varchar) as department_code,
        cast(department_name as varchar) as department_name,
        cast({{ blank_to_null('department_name_en') }} as varchar) as department_name_en,
        cast({{ blank_to_null('department_kind') }} as varchar) as department_kind
    from source

)

select * from final
