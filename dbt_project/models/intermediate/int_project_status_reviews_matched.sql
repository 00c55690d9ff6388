{#-
    Each reviewed status of seeds/project_status_reviews.csv with the project-year it
    is for: 'matched' when the report of that year lists the project under the name the
    reviewer saw, 'renamed' when it lists it under another name, 'not_reported' when
    that report does not list the project (removed, or a key that never existed). Only
    a matched review is applied; the others are reported by the warning
    assert_every_status_review_matches_a_project, never dropped silently.
-#}
with

reviews as (

    select * from {{ ref('stg_seeds__project_status_reviews') }}

),

entries as (

    select * from {{ ref('int_entries_identified') }}

),

decisions as (

    select * from {{ ref('int_project_status_rule_decisions') }}

),

printings as (

    select
        project_key,
        report_year,
        project_name,
        row_number() over (
            partition by project_key, report_year
            order by entry_ordinal
        ) as printing_rank
    from entries
    where project_key is not null

),

final as (

    select
        reviews.report_year,
        reviews.project_key,
        reviews.project_name,
        reviews.status,
        reviews.review_reason,
        reviews.reviewed_by,
        reviews.reviewed_on,
        printings.project_name as printed_project_name,
        decisions.text_fingerprint,
        case
            when printings.project_key is null then 'not_reported'
            when printings.project_name != reviews.project_name then 'renamed'
            else 'matched'
        end as match_state
    from reviews
    left join printings
        on
            reviews.project_key = printings.project_key
            and reviews.report_year = printings.report_year
            and printings.printing_rank = 1
    left join decisions
        on
            reviews.project_key = decisions.project_key
            and reviews.report_year = decisions.report_year

)

select * from final
