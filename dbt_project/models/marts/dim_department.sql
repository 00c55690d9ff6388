with

departments as (

    select * from {{ ref('stg_seeds__departments') }}

),

final as (

    select
        department_key,
        department_name,
        department_name_en,
        department_kind,
        department_code
    from departments

)

select * from final
