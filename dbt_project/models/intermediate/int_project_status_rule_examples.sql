{#-
    Each rule's example phrase decided by the whole rule set, exactly as a project
    text is. A rule whose own example another rule decides is shadowed by a rule of
    lower precedence: it would never decide the texts it was written for.
-#}
with

rules as (

    select * from {{ ref('stg_seeds__project_status_rules') }}

),

matches as (

    select * from {{ ref('int_project_status_matches') }}

),

ranked_matches as (

    select
        *,
        row_number() over (
            partition by text_id
            order by precedence, phrase_start, rule_id
        ) as decision_rank
    from matches
    where text_kind = 'rule_example'

),

deciding_matches as (

    select * from ranked_matches
    where decision_rank = 1

),

final as (

    select
        rules.rule_id,
        rules.status,
        rules.example,
        deciding_matches.rule_id as decided_rule_id,
        coalesce(deciding_matches.status, 'unknown') as decided_status,
        deciding_matches.status_evidence,
        coalesce(deciding_matches.rule_id = rules.rule_id, false) as decided_by_own_rule
    from rules
    left join deciding_matches
        on rules.rule_id = deciding_matches.text_id

)

select * from final
