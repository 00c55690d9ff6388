{#-
    A deterministic key for a natural key: md5 of the values cast to text and
    joined by the ASCII unit separator (a character no source text contains, so
    ('a b', 'c') and ('a', 'b c') differ). NULL becomes a marker instead of
    nulling the whole key. Same values → same key, on any machine and rebuild.

    Usage: {{ surrogate_key(['strategy_code', 'priority_ordinal']) }}
-#}
{% macro surrogate_key(columns) -%}
    {%- if columns is string -%}
        {%- set columns = [columns] -%}
    {%- endif -%}
    md5(
        {%- for column in columns %}
        coalesce(cast({{ column }} as varchar), '_null_')
        {%- if not loop.last %} || chr(31) ||{% endif -%}
        {%- endfor %}
    )
{%- endmacro %}
