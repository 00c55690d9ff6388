{#-
    What DuckDB and PostgreSQL spell differently, named once (adapter.dispatch): the
    models say what they mean and build on either target. DuckDB's spelling is the
    default; `postgres__` says it the server's way. Regular expressions are written in
    DuckDB's (RE2) dialect, as the seeds write them; `regex` turns a constant pattern into
    PostgreSQL's where they differ (`\pL`, `\pN`).
-#}

{#- A text in Unicode normalization form C. -#}
{% macro nfc_normalize(text) -%}
    {{ return(adapter.dispatch('nfc_normalize')(text)) }}
{%- endmacro %}

{% macro default__nfc_normalize(text) -%}
    nfc_normalize({{ text }})
{%- endmacro %}

{% macro postgres__nfc_normalize(text) -%}
    normalize({{ text }}, nfc)
{%- endmacro %}

{#- A constant regular expression as an SQL literal, in the target's dialect. -#}
{% macro regex(pattern) -%}
    {{ return(adapter.dispatch('regex')(pattern)) }}
{%- endmacro %}

{% macro default__regex(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{#-
    PostgreSQL's regular expressions have no `\pL` (a letter) or `\pN` (a digit): they
    are the classes [:alpha:] and [:digit:], which follow the database's character type
    (a UTF-8 locale such as C.UTF-8 knows Cyrillic). Inside a bracket expression the class
    goes in as it is, outside it gets brackets of its own.
-#}
{% macro postgres__regex(pattern) -%}
    {%- set parts = modules.re.split('(\\[\\^?\\]?[^\\]]*\\])', pattern) -%}
    {%- set translated = [] -%}
    {%- for part in parts -%}
        {%- if part.startswith('[') -%}
            {%- do translated.append(part | replace('\\pL', '[:alpha:]') | replace('\\pN', '[:digit:]')) -%}
        {%- else -%}
            {%- do translated.append(part | replace('\\pL', '[[:alpha:]]') | replace('\\pN', '[[:digit:]]')) -%}
        {%- endif -%}
    {%- endfor -%}
    '{{ translated | join('') | replace("'", "''") }}'
{%- endmacro %}

{#- Whether `text` matches the regular expression `pattern` (SQL), ignoring case. -#}
{% macro regex_matches_ci(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches_ci')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches_ci(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }}, 'i')
{%- endmacro %}

{% macro postgres__regex_matches_ci(text, pattern) -%}
    ({{ text }} ~* {{ pattern }})
{%- endmacro %}

{#- The first substring of `text` that matches `pattern` (SQL), '' when none does. -#}
{% macro regex_extract(text, pattern, flags='') -%}
    {{ return(adapter.dispatch('regex_extract')(text, pattern, flags)) }}
{%- endmacro %}

{% macro default__regex_extract(text, pattern, flags) -%}
    {%- if flags -%}
        regexp_extract({{ text }}, {{ pattern }}, 0, '{{ flags }}')
    {%- else -%}
        regexp_extract({{ text }}, {{ pattern }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__regex_extract(text, pattern, flags) -%}
    coalesce((regexp_match({{ text }}, '(' || {{ pattern }} || ')', '{{ flags }}'))[1], '')
{%- endmacro %}

{#- The value of `arg` in the row where `val` is largest (an aggregate; `filter` optional). -#}
{% macro arg_max(arg, val, filter=none) -%}
    {{ return(adapter.dispatch('arg_max')(arg, val, filter)) }}
{%- endmacro %}

{% macro default__arg_max(arg, val, filter) -%}
    arg_max({{ arg }}, {{ val }}){% if filter %} filter (where {{ filter }}){% endif %}
{%- endmacro %}

{% macro postgres__arg_max(arg, val, filter) -%}
    (array_agg({{ arg }} order by {{ val }} desc) filter (
        where {{ val }} is not null{% if filter %} and ({{ filter }}){% endif %}
    ))[1]
{%- endmacro %}

{#- String similarities: DuckDB's own functions; on PostgreSQL, functions_for_postgres's. -#}
{% macro jaro_winkler_similarity(a, b) -%}
    {{ return(adapter.dispatch('jaro_winkler_similarity')(a, b)) }}
{%- endmacro %}

{% macro default__jaro_winkler_similarity(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__jaro_winkler_similarity(a, b) -%}
    {{ target.schema }}.jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro levenshtein(a, b) -%}
    {{ return(adapter.dispatch('levenshtein')(a, b)) }}
{%- endmacro %}

{% macro default__levenshtein(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__levenshtein(a, b) -%}
    {{ target.schema }}.levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{#- A double rounded to `digits` decimals, a double still (PostgreSQL rounds numerics only). -#}
{% macro round_double(value, digits) -%}
    {{ return(adapter.dispatch('round_double')(value, digits)) }}
{%- endmacro %}

{% macro default__round_double(value, digits) -%}
    round({{ value }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_double(value, digits) -%}
    cast(round(cast({{ value }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}
