-- Built after every other check has run on the build (the second dbt step of a build):
-- the mart suites check these marts first and record their outcomes.
{{ config(tags=['check_results']) }}
-- depends_on: {{ ref('fct_implementation_entry') }}
-- depends_on: {{ ref('dim_project') }}
-- depends_on: {{ ref('fct_kpi_value') }}

with

outcomes as (

    select * from {{ ref('stg_checks__outcomes') }}

),

final as (

    select
        run_id,
        checked_at,
        layer,
        suite,
        check_name,
        severity,
        status,
        observed_value,
        threshold,
        message,
        document_id,
        source_path,
        report_year,
        locations,
        override_reason
    from outcomes

)

select * from final
