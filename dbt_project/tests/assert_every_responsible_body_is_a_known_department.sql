{{ config(severity='warn', store_failures=true) }}

with

bodies as (

    select * from {{ ref('int_entry_bodies_resolved') }}

),

final as (

    select
        body_name_printed,
        source_path,
        line_number,
        report_year,
        document_id,
        body_name_key,
        'add a row with alias_key = "' || body_name_key
        || '" to dbt_project/seeds/department_aliases.csv' as what_to_do
    from bodies
    where department_key is null
    order by source_path, line_number, body_ordinal

)

select * from final
