{#-
    The implementation KPIs of seeds/kpi_definitions.csv, each a column of the models
    that compute them (int_kpi_values_implementation) or name their entries
    (bridge_kpi_value_entry), which turn the columns into rows one select per code.
-#}
{% macro implementation_kpi_codes() -%}
    {{ return([
        'projects_total', 'projects_completed', 'projects_in_progress', 'projects_ongoing',
        'projects_planned', 'projects_not_started', 'projects_suspended',
        'projects_status_unknown', 'share_completed', 'share_suspended_or_not_started',
        'tasks_total', 'tasks_without_project', 'entries_total', 'entries_without_text',
        'responsible_bodies_total', 'responsible_bodies_silent',
    ]) }}
{%- endmacro %}
