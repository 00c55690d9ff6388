{#-
    Use a node's custom schema as-is (`staging`, `intermediate`, `marts`, `seeds`,
    `audit`) instead of dbt's default `<target schema>_<custom schema>`: BI users
    read `marts.*` in every environment, and each build is its own file anyway.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
