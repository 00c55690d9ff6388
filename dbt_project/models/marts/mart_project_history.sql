{#-
    Each project across the loaded report years: its status in every report that
    lists it, and one more row for the first report that no longer lists it. Years
    are compared with the previous loaded report, whichever year that is.
-#}
with

statuses as (

    select * from {{ ref('int_project_statuses_decided') }}

),

entries as (

    select * from {{ ref('int_entries_identified') }}

),

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

report_years as (

    select
        report_year,
        min(document_id) as document_id,
        lag(report_year) over (order by report_year) as previous_report_year
    from documents
    group by report_year

),

ranked_printings as (

    select
        project_key,
        report_year,
        printed_project_key,
        project_name,
        row_number() over (
            partition by project_key, report_year
            order by entry_ordinal
        ) as printing_rank
    from entries
    where project_key is not null

),

printings as (

    select
        project_key,
        report_year,
        printed_project_key,
        project_name
    from ranked_printings
    where printing_rank = 1

),

reported_tasks as (

    select distinct
        task_key,
        report_year
    from entries

),

appearances as (

    select
        statuses.project_key,
        statuses.report_year,
        statuses.status,
        statuses.status_evidence,
        statuses.status_rule_id,
        statuses.task_key,
        statuses.priority_key,
        printings.printed_project_key,
        printings.project_name
    from statuses
    inner join printings
        on
            statuses.project_key = printings.project_key
            and statuses.report_year = printings.report_year

),

{# Every loaded year from a project's first report on. #}
spine as (

    select
        projects.project_key,
        report_years.report_year,
        report_years.previous_report_year,
        report_years.document_id
    from (
        select
            project_key,
            min(report_year) as first_report_year
        from appearances
        group by project_key
    ) as projects
    inner join report_years
        on report_years.report_year >= projects.first_report_year

),

compared as (

    select
        spine.project_key,
        spine.report_year,
        spine.previous_report_year,
        spine.document_id,
        current_year.project_key is not null as is_listed,
        max(current_year.report_year) over (
            partition by spine.project_key
            order by spine.report_year
            rows between unbounded preceding and 1 preceding
        ) as last_listed_year,
        previous_year.project_key is not null as was_listed,
        current_year.status,
        previous_year.status as previous_status,
        current_year.status_evidence,
        current_year.status_rule_id,
        current_year.printed_project_key,
        previous_year.printed_project_key as previous_printed_project_key,
        coalesce(current_year.project_name, previous_year.project_name) as project_name,
        previous_year.project_name as previous_project_name,
        coalesce(current_year.task_key, previous_year.task_key) as task_key,
        coalesce(current_year.priority_key, previous_year.priority_key) as priority_key,
        reported_tasks.task_key is not null as task_is_reported
    from spine
    left join appearances as current_year
        on
            spine.project_key = current_year.project_key
            and spine.report_year = current_year.report_year
    left join appearances as previous_year
        on
            spine.project_key = previous_year.project_key
            and spine.previous_report_year = previous_year.report_year
    left join reported_tasks
        on
            coalesce(current_year.task_key, previous_year.task_key) = reported_tasks.task_key
            and spine.report_year = reported_tasks.report_year

),

classified as (

    select
        *,
        case
            when is_listed and previous_report_year is null then 'baseline'
            when is_listed and last_listed_year is null then 'new'
            when is_listed and not was_listed then 'reappeared'
            when is_listed and printed_project_key != previous_printed_project_key
                then 'renamed'
            when is_listed then 'continued'
            when was_listed and task_is_reported then 'dropped'
            when was_listed then 'not_reported'
        end as change_kind
    from compared

),

final as (

    select
        project_key,
        report_year,
        cast(report_year as varchar) as period_key,
        previous_report_year,
        change_kind,
        previous_status,
        status,
        case
            when previous_status is not null and status is not null
                then previous_status || ' → ' || status
        end as transition,
        coalesce(previous_status is not null and previous_status != status, false)
            as status_changed,
        project_name,
        previous_project_name,
        status_evidence,
        status_rule_id,
        document_id,
        task_key,
        priority_key
    from classified
    where change_kind is not null

)

select * from final
