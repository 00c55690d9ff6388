{{ config(severity='error', store_failures=true) }}

with

priorities as (

    select * from {{ ref('int_priorities_matched') }}

),

final as (

    select
        priority_name,
        source_path,
        priority_line as line_number,
        report_year,
        document_id,
        priority_name_key,
        'add the priority to dbt_project/seeds/priorities.csv, or correct its name there'
        as what_to_do
    from priorities
    where priority_key is null
    order by source_path, priority_line

)

select * from final
