{#-
    A project printed under a new name in a later report is matched to a project
    of the same task that an earlier report printed and this report no longer
    prints, in this order: an override a person wrote in
    seeds/project_identity_overrides.csv; the same identity key (quotes, "Проект" /
    "Проєкт" and punctuation ignored); the same name without its description, when
    only one earlier project of the task has it; or a similar name. "Similar" needs
    both thresholds below. Among distinct projects of one task in the 2023 report the
    highest Jaro-Winkler similarity is 0.94 (edit similarity 0.77: "…вздовж річки
    Путятинка" / "…вздовж річок Крошенка та Кам'янка") and the highest edit similarity
    0.82 (Jaro-Winkler 0.78: "Дні розвитку кар'єри" / "Центр розвитку кар'єри").
    DuckDB's levenshtein and jaro_winkler_similarity count bytes, so the keys are
    compared with each Cyrillic letter translated to one ASCII character (on PostgreSQL,
    macros/portable/functions.sql computes both the same way).
-#}
{%- set min_jaro_winkler = 0.90 -%}
{%- set min_edit_similarity = 0.80 -%}
{%- set cyrillic = 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэъё' -%}
{%- set one_byte = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*+<=>?@' -%}

with

versions as (

    select * from {{ ref('int_project_versions') }}

),

overrides as (

    select * from {{ ref('stg_seeds__project_identity_overrides') }}

),

ranked_printings as (

    select
        *,
        min(report_year) over () as first_loaded_year,
        row_number() over (
            partition by printed_project_key
            order by report_year, document_id
        ) as printing_rank
    from versions

),

first_printings as (

    select * from ranked_printings
    where printing_rank = 1

),

{# Each earlier printed project as last printed before a given year. #}
earlier_printings_ranked as (

    select
        later.printed_project_key as later_printed_project_key,
        earlier.printed_project_key,
        earlier.report_year,
        earlier.project_name,
        earlier.project_name_key,
        earlier.identity_key,
        earlier.identity_name_key,
        row_number() over (
            partition by later.printed_project_key, earlier.printed_project_key
            order by earlier.report_year desc nulls last
        ) as recency_rank
    from first_printings as later
    inner join versions as earlier
        on
            earlier.strategy_code = later.strategy_code
            and earlier.priority_ordinal = later.priority_ordinal
            and earlier.goal_ordinal = later.goal_ordinal
            and earlier.task_ordinal = later.task_ordinal
            and earlier.report_year < later.report_year
    where later.report_year > later.first_loaded_year

),

earlier_printings as (

    select
        later_printed_project_key,
        printed_project_key,
        report_year,
        project_name,
        project_name_key,
        identity_key,
        identity_name_key
    from earlier_printings_ranked
    where recency_rank = 1

),

{# A project the later report still prints under its own name is no candidate. #}
candidates as (

    select
        earlier_printings.*,
        later.report_year as later_report_year,
        later.identity_key as later_identity_key,
        later.identity_name_key as later_identity_name_key,
        count(*) over (
            partition by earlier_printings.later_printed_project_key,
            earlier_printings.identity_name_key
        ) as same_name_candidates
    from earlier_printings
    inner join first_printings as later
        on earlier_printings.later_printed_project_key = later.printed_project_key
    where not exists (
        select 1
        from versions as still_printed
        where
            still_printed.printed_project_key = earlier_printings.printed_project_key
            and still_printed.report_year = later.report_year
    )

),

compared as (

    select
        *,
        translate(later_identity_key, '{{ cyrillic }}', '{{ one_byte }}') as later_compare_key,
        translate(identity_key, '{{ cyrillic }}', '{{ one_byte }}') as compare_key
    from candidates

),

scored as (

    select
        *,
        {{ jaro_winkler_similarity('later_compare_key', 'compare_key') }} as name_similarity,
        1.0 - cast({{ levenshtein('later_compare_key', 'compare_key') }} as double precision)
        / greatest(length(later_compare_key), length(compare_key), 1) as edit_similarity
    from compared

),

automatic_matches as (

    select
        later_printed_project_key,
        printed_project_key as matched_printed_project_key,
        case
            when later_identity_key = identity_key then 'normalized_name'
            when later_identity_name_key = identity_name_key and same_name_candidates = 1
                then 'name_without_description'
            else 'similar_name'
        end as match_kind,
        name_similarity,
        edit_similarity
    from scored
    where
        later_identity_key = identity_key
        or (later_identity_name_key = identity_name_key and same_name_candidates = 1)
        or (
            name_similarity >= {{ min_jaro_winkler }}
            and edit_similarity >= {{ min_edit_similarity }}
        )

),

{#
    The best candidate of each new printing; then each earlier project goes to the
    one new printing of that year that matches it best, the others stay unmatched.
#}
ranked_per_printing as (

    select
        automatic_matches.*,
        first_printings.report_year,
        row_number() over (
            partition by automatic_matches.later_printed_project_key
            order by
                case match_kind
                    when 'normalized_name' then 1
                    when 'name_without_description' then 2
                    else 3
                end,
                edit_similarity desc nulls last,
                name_similarity desc nulls last,
                matched_printed_project_key
        ) as candidate_rank
    from automatic_matches
    inner join first_printings
        on automatic_matches.later_printed_project_key = first_printings.printed_project_key

),

best_per_printing as (

    select * from ranked_per_printing
    where candidate_rank = 1

),

ranked_per_project as (

    select
        *,
        row_number() over (
            partition by report_year, matched_printed_project_key
            order by
                case match_kind
                    when 'normalized_name' then 1
                    when 'name_without_description' then 2
                    else 3
                end,
                edit_similarity desc nulls last,
                name_similarity desc nulls last,
                later_printed_project_key
        ) as printing_rank
    from best_per_printing

),

one_to_one as (

    select * from ranked_per_project
    where printing_rank = 1

),

ranked_overrides as (

    select
        first_printings.printed_project_key as later_printed_project_key,
        earlier.printed_project_key as matched_printed_project_key,
        case
            when overrides.earlier_project_name_key is null then 'override_new'
            else 'override'
        end as match_kind,
        overrides.earlier_project_name_key,
        overrides.note as override_note,
        row_number() over (
            partition by first_printings.printed_project_key
            order by earlier.report_year desc nulls last
        ) as override_rank
    from overrides
    inner join first_printings
        on
            overrides.report_year = first_printings.report_year
            and overrides.priority_ordinal = first_printings.priority_ordinal
            and overrides.goal_ordinal = first_printings.goal_ordinal
            and overrides.task_ordinal = first_printings.task_ordinal
            and overrides.project_name_key = first_printings.project_name_key
    left join versions as earlier
        on
            earlier.strategy_code = first_printings.strategy_code
            and earlier.priority_ordinal = first_printings.priority_ordinal
            and earlier.goal_ordinal = first_printings.goal_ordinal
            and earlier.task_ordinal = first_printings.task_ordinal
            and earlier.project_name_key = overrides.earlier_project_name_key
            and earlier.report_year < first_printings.report_year

),

overridden as (

    select * from ranked_overrides
    where override_rank = 1

),

matched as (

    select
        first_printings.printed_project_key,
        first_printings.report_year as first_report_year,
        first_printings.document_id,
        first_printings.task_key,
        first_printings.priority_ordinal,
        first_printings.goal_ordinal,
        first_printings.task_ordinal,
        first_printings.project_name,
        first_printings.project_name_key,
        first_printings.identity_key,
        case
            when first_printings.report_year = first_printings.first_loaded_year
                then 'first_report'
            when overridden.match_kind = 'override' and overridden.matched_printed_project_key is null
                then 'override_not_found'
            else coalesce(overridden.match_kind, one_to_one.match_kind, 'unmatched')
        end as match_kind,
        case
            when overridden.match_kind is not null
                then overridden.matched_printed_project_key
            else one_to_one.matched_printed_project_key
        end as matched_printed_project_key,
        case when overridden.match_kind is null then one_to_one.name_similarity end
            as name_similarity,
        case when overridden.match_kind is null then one_to_one.edit_similarity end
            as edit_similarity,
        overridden.override_note
    from first_printings
    left join overridden
        on first_printings.printed_project_key = overridden.later_printed_project_key
    left join one_to_one
        on first_printings.printed_project_key = one_to_one.later_printed_project_key

),

ranked_matches as (

    select
        matched.*,
        earlier.project_name as matched_project_name,
        earlier.report_year as matched_report_year,
        row_number() over (
            partition by matched.printed_project_key
            order by earlier.report_year desc nulls last
        ) as matched_printing_rank
    from matched
    left join versions as earlier
        on matched.matched_printed_project_key = earlier.printed_project_key

),

final as (

    select
        printed_project_key,
        first_report_year,
        document_id,
        task_key,
        priority_ordinal,
        goal_ordinal,
        task_ordinal,
        project_name,
        project_name_key,
        identity_key,
        match_kind,
        matched_printed_project_key,
        name_similarity,
        edit_similarity,
        override_note,
        matched_project_name,
        matched_report_year
    from ranked_matches
    where matched_printing_rank = 1

)

select * from final
