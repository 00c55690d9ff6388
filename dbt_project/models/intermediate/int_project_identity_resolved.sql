{#-
    Follows each chain of matches back to its first printing: a project renamed
    twice keeps the key of the name it was first printed under. Every link points
    to an earlier report year, so the chain ends.
-#}
with recursive

matches as (

    select * from {{ ref('int_project_identity_matches') }}

),

chains as (

    select
        printed_project_key,
        printed_project_key as project_key,
        0 as renames
    from matches
    where matched_printed_project_key is null

    union all

    select
        matches.printed_project_key,
        chains.project_key,
        chains.renames + 1 as renames
    from matches
    inner join chains
        on matches.matched_printed_project_key = chains.printed_project_key

),

final as (

    select
        chains.printed_project_key,
        chains.project_key,
        chains.renames,
        matches.match_kind,
        matches.first_report_year
    from chains
    inner join matches
        on chains.printed_project_key = matches.printed_project_key

)

select * from final
