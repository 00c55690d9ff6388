{#-
    The entry with its project's lasting key: the printed key of a project whose
    name never changed, or the key of the earlier project a renamed one was matched
    to (int_project_identity_resolved).
-#}
with

entries as (

    select * from {{ ref('int_entries_keyed') }}

),

identities as (

    select * from {{ ref('int_project_identity_resolved') }}

),

identified as (

    select
        entries.*,
        identities.project_key
    from entries
    left join identities
        on entries.printed_project_key = identities.printed_project_key

),

final as (

    select * from identified

)

select * from final
