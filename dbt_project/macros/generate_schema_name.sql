{#-
    Use a node's custom schema as-is (`staging`, `intermediate`, `marts`, `seeds`,
    `audit`) instead of dbt's default `<target schema>_<custom schema>`: BI users
    read `marts.*` in every environment, and each build is its own file anyway.

    On a PostgreSQL server the published schemas are in use while the next edition is
    built, so dbt builds into `<schema>_next` (`marts_next`, …), which
    orchestration/serving/postgres.py checks and then swaps in, all in one transaction.
    The landing sources read `landing_next` there for the same reason.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.type == 'postgres' -%}
        {{ custom_schema_name | trim }}_next
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
