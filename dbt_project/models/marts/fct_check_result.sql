-- A view over the load's check outcomes: the landing suites' are there when dbt builds it,
-- the dbt tests' and the mart suites' are appended after, and the published file shows
-- them all (it is only read once published). No second dbt step is needed for them.
{{ config(materialized='view') }}
-- The outcomes judge the marts the mart suites check: lineage (and the build's order) says so.
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
