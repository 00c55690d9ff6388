{#- A text value that is empty or only whitespace becomes NULL; any other value is kept as is. -#}
{% macro blank_to_null(column) -%}
    case when trim({{ column }}) = '' then null else {{ column }} end
{%- endmacro %}
