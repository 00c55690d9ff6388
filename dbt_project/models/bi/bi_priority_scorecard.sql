{#- The scorecard with its columns in reading order: counts by status, shares, then volume. -#}
with

scorecard as (

    select * from {{ ref('mart_priority_scorecard') }}

),

final as (

    select
        report_year,
        priority_ordinal,
        priority_name,
        priority_name_en,
        projects_total,
        projects_completed,
        projects_in_progress,
        projects_ongoing,
        projects_planned,
        projects_not_started,
        projects_suspended,
        projects_status_unknown,
        share_completed,
        share_suspended_or_not_started,
        tasks_total,
        tasks_without_project,
        entries_total,
        entries_without_text,
        responsible_bodies_total,
        responsible_bodies_silent,
        figures_reported,
        priority_key,
        period_key
    from scorecard

)

select * from final
