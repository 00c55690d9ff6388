{#-
    The priority-scope KPIs of fct_kpi_value side by side, one column per KPI code,
    and the figures the priority's texts state (fct_reported_figure): a sentence
    printed again under another entry of the priority is counted once.
-#}
{%- set counts = [
    'projects_total', 'projects_completed', 'projects_in_progress', 'projects_ongoing',
    'projects_planned', 'projects_not_started', 'projects_suspended',
    'projects_status_unknown', 'tasks_total', 'tasks_without_project', 'entries_total',
    'entries_without_text', 'responsible_bodies_total', 'responsible_bodies_silent',
] -%}
{%- set shares = ['share_completed', 'share_suspended_or_not_started'] -%}

with

kpi_values as (

    select * from {{ ref('fct_kpi_value') }}

),

priorities as (

    select * from {{ ref('dim_priority') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

figures as (

    select * from {{ ref('fct_reported_figure') }}

),

entries as (

    select * from {{ ref('fct_implementation_entry') }}

),

figures_by_priority as (

    select
        entries.priority_key,
        entries.period_key,
        count(distinct coalesce(figures.repeat_of_figure_id, figures.figure_id))
            as figures_reported
    from figures
    inner join entries
        on figures.entry_key = entries.entry_key
    group by entries.priority_key, entries.period_key

),

pivoted as (

    select
        scope_key as priority_key,
        period_key,
        {% for code in counts -%}
        cast(max(value) filter (where kpi_code = '{{ code }}') as integer) as {{ code }},
        {% endfor -%}
        {% for code in shares -%}
        {{ round_double("max(value) filter (where kpi_code = '" ~ code ~ "')", 1) }}
            as {{ code }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from kpi_values
    where scope_kind = 'priority'
    group by scope_key, period_key

),

final as (

    select
        pivoted.priority_key,
        periods.year as report_year,
        pivoted.period_key,
        priorities.priority_ordinal,
        priorities.priority_name,
        priorities.priority_name_en,
        {% for code in counts + shares -%}
        pivoted.{{ code }},
        {% endfor -%}
        cast(coalesce(figures_by_priority.figures_reported, 0) as integer) as figures_reported
    from pivoted
    inner join priorities
        on pivoted.priority_key = priorities.priority_key
    inner join periods
        on pivoted.period_key = periods.period_key
    left join figures_by_priority
        on
            pivoted.priority_key = figures_by_priority.priority_key
            and pivoted.period_key = figures_by_priority.period_key

)

select * from final
