{#-
    The required columns of a model, checked in one test: one row per column that holds
    nulls, with how many. One test per model instead of one per column keeps a build's
    test count (and its cost in the orchestrator's run log) to what a reader needs.
-#}
{% test not_null_columns(model, columns) %}
{%- for column in columns %}
select '{{ column }}' as column_name, count(*) as null_rows
from {{ model }}
where {{ column }} is null
having count(*) > 0
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
{% endtest %}
