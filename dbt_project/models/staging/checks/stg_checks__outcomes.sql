-- A view: the dbt tests' and the mart suites' outcomes are appended to the landing table
-- after the models are built, and the published file shows them all.
{{ config(materialized='view') }}

with

source as (

    select * from {{ source('landing', 'check_outcomes') }}

),

final as (

    select
        cast(run_id as varchar) as run_id,
        cast(checked_at as timestamp) as checked_at,
        cast(layer as varchar) as layer,
        cast(suite as varchar) as suite,
        cast(check_name as varchar) as check_name,
        cast(severity as varchar) as severity,
        cast(status as varchar) as status,
        cast(observed_value as varchar) as observed_value,
        cast(threshold as varchar) as threshold,
        cast(message as varchar) as message,
        cast(document_id as varchar) as document_id,
        cast(source_path as varchar) as source_path,
        cast(report_year as integer) as report_year,
        cast(locations as varchar) as locations,
        cast(override_reason as varchar) as override_reason
    from source

)

select * from final
