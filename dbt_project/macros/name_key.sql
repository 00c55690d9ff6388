{#-
    A name reduced to what identifies it: lowercase, typographic apostrophes made
    plain, quotes dropped, runs of whitespace collapsed, trimmed. Used to match the
    priority titles printed in a report with the priorities seed.
-#}
{% macro name_key(column) -%}
    trim(
        regexp_replace(
            regexp_replace(
                regexp_replace(lower({{ column }}), '[’ʼ`ʹ′]', '''', 'g'),
                '["«»„“”]', '', 'g'
            ),
            '\s+', ' ', 'g'
        )
    )
{%- endmacro %}
