{#-
    How each printed project name was tied to a project: the names matched to an
    earlier edition's name (and how), and those left unmatched on either side — a
    later name no earlier project matched ('unmatched'), and an earlier name that
    neither continues nor was matched by a later one (renamed_to and still_printed
    both empty). Overrides go to seeds/project_identity_overrides.csv.
-#}
with

matches as (

    select * from {{ ref('int_project_identity_matches') }}

),

resolved as (

    select * from {{ ref('int_project_identity_resolved') }}

),

versions as (

    select * from {{ ref('int_project_versions') }}

),

printing_years as (

    select
        printed_project_key,
        max(report_year) as last_report_year,
        max(report_year) = max(max(report_year)) over () as still_printed
    from versions
    group by printed_project_key

),

successors as (

    select
        matched_printed_project_key as printed_project_key,
        string_agg(project_name, '; ' order by project_name) as renamed_to
    from matches
    where matched_printed_project_key is not null
    group by matched_printed_project_key

),

final as (

    select
        matches.printed_project_key,
        resolved.project_key,
        matches.task_key,
        matches.first_report_year,
        printing_years.last_report_year,
        matches.project_name,
        matches.project_name_key,
        matches.identity_key,
        matches.match_kind,
        matches.matched_project_name,
        matches.matched_report_year,
        {{ round_double('matches.name_similarity', 3) }} as name_similarity,
        {{ round_double('matches.edit_similarity', 3) }} as edit_similarity,
        matches.override_note,
        successors.renamed_to,
        printing_years.still_printed,
        resolved.renames
    from matches
    inner join resolved
        on matches.printed_project_key = resolved.printed_project_key
    inner join printing_years
        on matches.printed_project_key = printing_years.printed_project_key
    left join successors
        on matches.printed_project_key = successors.printed_project_key

)

select * from final
