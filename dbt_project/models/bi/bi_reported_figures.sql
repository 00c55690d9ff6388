{#-
    Each figure with the entry it was stated in (priority, task, project) and its
    source line, so a dashboard can show a number and where it was printed.
-#}
with

figures as (

    select * from {{ ref('fct_reported_figure') }}

),

entries as (

    select * from {{ ref('fct_implementation_entry') }}

),

projects as (

    select * from {{ ref('dim_project') }}

),

tasks as (

    select * from {{ ref('dim_task') }}

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

final as (

    select
        figures.report_year,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        tasks.task_number_printed,
        tasks.task_description,
        projects.project_name,
        figures.raw_text,
        figures.value,
        figures.value_low,
        figures.value_high,
        figures.unit,
        figures.unit_kind,
        figures.qualifier,
        figures.is_repeat,
        figures.context_sentence,
        figures.source_path,
        figures.line_number,
        figures.char_start,
        figures.char_end,
        figures.figure_id,
        figures.repeat_of_figure_id,
        figures.entry_key,
        entries.project_key,
        entries.task_key,
        entries.priority_key,
        figures.document_id
    from figures
    inner join entries
        on figures.entry_key = entries.entry_key
    inner join tasks
        on entries.task_key = tasks.task_key
    inner join priorities
        on entries.priority_key = priorities.priority_key
    left join projects
        on entries.project_key = projects.project_key

)

select * from final
