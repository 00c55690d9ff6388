{#-
    Every rule of seeds/project_status_rules.csv that matches a text (case-insensitive
    regular expression, written as DuckDB reads them; macros/portable/ translates one
    for PostgreSQL), with the exact phrase it matched and the sentence
    around it. A rule with a project_pattern reads only the texts of projects whose
    name matches it (what the project is by nature). The rules are read from the seed when the model runs and each becomes
    a constant pattern: DuckDB then compiles a pattern once instead of once per text
    (seconds instead of a tenth of one).
-#}
{%- set rules_query -%}
    select rule_id, pattern, project_pattern
    from {{ ref('stg_seeds__project_status_rules') }}
    order by rule_id
{%- endset -%}
{%- set status_rules = run_query(rules_query).rows if execute else [] -%}

with

texts as (

    select * from {{ ref('int_status_texts_normalized') }}

),

rules as (

    select * from {{ ref('stg_seeds__project_status_rules') }}

),

matched as (

    {% for rule_id, pattern, project_pattern in status_rules -%}
    {%- set quoted = regex(pattern) -%}
    select
        text_kind,
        text_id,
        text,
        match_text,
        '{{ rule_id | replace("'", "''") }}' as rule_id,
        {{ regex_extract('match_text', quoted, 'i') }} as matched_text
    from texts
    where {{ regex_matches_ci('match_text', quoted) }}
    {%- if project_pattern %}
        and {{ regex_matches_ci('match_project_name', regex(project_pattern)) }}
    {%- endif %}

    union all

    {% endfor -%}
    select
        text_kind,
        text_id,
        text,
        match_text,
        cast(null as varchar) as rule_id,
        cast(null as varchar) as matched_text
    from texts
    where false

),

located as (

    select
        matched.*,
        rules.precedence,
        rules.status,
        rules.generic_verb,
        strpos(matched.match_text, matched.matched_text) as phrase_start,
        length(matched.matched_text) as phrase_length
    from matched
    inner join rules
        on matched.rule_id = rules.rule_id

),

{# The sentence: from the last . ! ? or line break before the phrase to the next one. #}
final as (

    select
        text_kind,
        text_id,
        rule_id,
        precedence,
        status,
        generic_verb,
        substr(text, phrase_start, phrase_length) as status_evidence,
        phrase_start,
        trim(
            {{ regex_extract('substr(text, 1, phrase_start - 1)', "'[^.!?\\n]*$'") }}
            || substr(text, phrase_start, phrase_length)
            || {{ regex_extract(
                'substr(text, phrase_start + phrase_length)', "'^[^.!?\\n]*[.!?]?'"
            ) }}
        ) as evidence_sentence
    from located

)

select * from final
