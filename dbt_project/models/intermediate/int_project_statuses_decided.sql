{#-
    A project's status in a report year is the status of the rule with the lowest
    precedence that matches any of its entries' texts (ties: the earlier entry, then
    the earlier phrase). A project whose texts match no rule, or are empty, is
    'unknown': no status is guessed.
-#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

matches as (

    select * from {{ ref('int_project_status_matches') }}

),

lines as (

    select * from {{ ref('stg_reports__lines') }}

),

project_entries as (

    select * from entries
    where project_key is not null

),

project_years as (

    select
        project_key,
        report_year,
        period_key,
        document_id,
        any_value(task_key) as task_key,
        any_value(priority_key) as priority_key,
        count(*) as entry_count,
        count(implementation_text) as entries_with_text,
    from project_entries
    group by project_key, report_year, period_key, document_id

),

deciding_matches as (

    select
        matches.*,
        project_entries.project_key,
        project_entries.report_year,
        project_entries.document_id,
        project_entries.entry_ordinal,
        project_entries.line_start,
    from matches
    inner join project_entries
        on matches.text_id = project_entries.entry_key
    where matches.text_kind = 'entry'
    qualify row_number() over (
        partition by project_entries.project_key, project_entries.report_year
        order by matches.precedence, project_entries.entry_ordinal, matches.phrase_start,
            matches.rule_id
    ) = 1

),

{# The source line that prints the phrase; the entry's first line when markup splits it. #}
evidence_lines as (

    select
        deciding_matches.text_id as entry_key,
        min(lines.line_number) as line_number,
    from deciding_matches
    inner join lines
        on
            deciding_matches.document_id = lines.document_id
            and deciding_matches.entry_ordinal = lines.entry_ordinal
            and strpos(lines.line_text, deciding_matches.status_evidence) > 0
    group by deciding_matches.text_id

),

final as (

    select
        project_years.project_key,
        project_years.report_year,
        coalesce(deciding_matches.status, 'unknown') as status,
        deciding_matches.status_evidence,
        project_years.document_id,
        deciding_matches.rule_id as status_rule_id,
        deciding_matches.evidence_sentence,
        deciding_matches.text_id as evidence_entry_key,
        coalesce(evidence_lines.line_number, deciding_matches.line_start)
            as evidence_line_number,
        project_years.period_key,
        project_years.task_key,
        project_years.priority_key,
        project_years.entry_count,
        project_years.entries_with_text,
    from project_years
    left join deciding_matches
        on
            project_years.project_key = deciding_matches.project_key
            and project_years.report_year = deciding_matches.report_year
    left join evidence_lines
        on deciding_matches.text_id = evidence_lines.entry_key

)

select * from final
