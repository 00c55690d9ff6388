with

entries as (

    select * from {{ ref('stg_reports__entries') }}

),

priorities as (

    select * from {{ ref('int_priorities_matched') }}

),

joined as (

    select
        entries.*,
        priorities.priority_key,
        priorities.strategy_code,
        priorities.priority_ordinal as strategy_priority_ordinal
    from entries
    left join priorities
        on
            entries.document_id = priorities.document_id
            and entries.priority_ordinal = priorities.landed_priority_ordinal

),

{#
    Natural keys nest: a goal is (strategy, priority, goal ordinal) — the ordinal,
    because the report can print the same goal number twice within a priority; a
    task adds its ordinal within the goal; a project as printed adds its normalized
    name within the task. That printed key is the project's key as long as its name
    does not change; int_project_identity_matches carries it over a renamed edition.
#}
keyed as (

    select
        entry_key,
        document_id,
        report_year,
        period_key,
        entry_ordinal,
        priority_key,
        {{ surrogate_key([
            'strategy_code', 'strategy_priority_ordinal', 'goal_ordinal',
        ]) }} as goal_key,
        {{ surrogate_key([
            'strategy_code', 'strategy_priority_ordinal', 'goal_ordinal', 'task_ordinal',
        ]) }} as task_key,
        case
            when project_name_key is not null
                then {{ surrogate_key([
                    'strategy_code', 'strategy_priority_ordinal', 'goal_ordinal',
                    'task_ordinal', 'project_name_key',
                ]) }}
        end as printed_project_key,
        strategy_code,
        strategy_priority_ordinal,
        goal_ordinal,
        goal_number_printed,
        goal_title,
        goal_line,
        task_ordinal,
        task_number_printed,
        task_description,
        task_line,
        project_ordinal,
        project_printed,
        project_name,
        project_name_key,
        period_start_year,
        period_end_year,
        project_description,
        responsible_printed,
        implementation_text,
        line_start,
        line_end
    from joined

),

final as (

    select * from keyed

)

select * from final
