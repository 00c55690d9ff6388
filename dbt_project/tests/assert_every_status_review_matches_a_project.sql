{{ config(severity='warn', store_failures=true) }}

with

reviews as (

    select * from {{ ref('int_project_status_reviews_matched') }}

),

final as (

    select
        report_year,
        project_name,
        project_key,
        match_state,
        printed_project_name,
        case
            when match_state = 'renamed'
                then 'the ' || cast(report_year as varchar) || ' report names it «'
                || printed_project_name || '»: review it again (warehouse review export)'
            else 'the ' || cast(report_year as varchar) || ' report does not list this '
                || 'project: remove the row from dbt_project/seeds/project_status_reviews.csv '
                || 'or correct its project_key'
        end as what_to_do
    from reviews
    where match_state != 'matched'

)

select * from final
