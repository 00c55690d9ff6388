{#-
    The rules' proposal for a project's status in a report year: the status of the rule
    with the lowest precedence that matches any of its entries' texts (ties: the earlier
    entry, then the earlier phrase). A project whose texts match no rule, or are empty,
    is 'unknown': no status is guessed. Beside the proposal: how many different
    statuses the matching rules stand for (and their phrases), whether the deciding
    phrase is a generic verb of activity, and a fingerprint of the year's texts (a
    review carries over to the next year only while it is unchanged).
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
        min(task_key) as task_key,
        min(priority_key) as priority_key,
        count(*) as entry_count,
        count(implementation_text) as entries_with_text,
        md5(
            string_agg(coalesce(implementation_text, ''), chr(10) order by entry_ordinal)
        ) as text_fingerprint
    from project_entries
    group by project_key, report_year, period_key, document_id

),

project_matches as (

    select
        matches.*,
        project_entries.project_key,
        project_entries.report_year,
        project_entries.document_id,
        project_entries.entry_ordinal,
        project_entries.line_start,
        row_number() over (
            partition by project_entries.project_key, project_entries.report_year
            order by matches.precedence, project_entries.entry_ordinal, matches.phrase_start,
                matches.rule_id
        ) as decision_rank,
        row_number() over (
            partition by project_entries.project_key, project_entries.report_year, matches.status
            order by matches.precedence, project_entries.entry_ordinal, matches.phrase_start,
                matches.rule_id
        ) as status_rank
    from matches
    inner join project_entries
        on matches.text_id = project_entries.entry_key
    where matches.text_kind = 'entry'

),

deciding_matches as (

    select * from project_matches
    where decision_rank = 1

),

{# Every other status some rule stands for, with its strongest phrase. #}
other_statuses as (

    select
        project_matches.project_key,
        project_matches.report_year,
        count(*) as other_statuses_count,
        string_agg(
            project_matches.status || ' («' || project_matches.status_evidence || '»)',
            '; ' order by project_matches.precedence
        ) as other_statuses_evidence
    from project_matches
    inner join deciding_matches
        on
            project_matches.project_key = deciding_matches.project_key
            and project_matches.report_year = deciding_matches.report_year
    where project_matches.status_rank = 1 and project_matches.status != deciding_matches.status
    group by project_matches.project_key, project_matches.report_year

),

{#
    The first source line that prints the phrase, and where in it (0-based characters,
    end-exclusive, as figures are located); the entry's first line, with no characters,
    when markup splits the phrase.
#}
evidence_lines_ranked as (

    select
        deciding_matches.text_id as entry_key,
        lines.line_number,
        cast(strpos(lines.line_text, deciding_matches.status_evidence) - 1 as integer)
            as char_start,
        cast(
            strpos(lines.line_text, deciding_matches.status_evidence) - 1
            + length(deciding_matches.status_evidence) as integer
        ) as char_end,
        row_number() over (
            partition by deciding_matches.text_id order by lines.line_number
        ) as line_rank
    from deciding_matches
    inner join lines
        on
            deciding_matches.document_id = lines.document_id
            and deciding_matches.entry_ordinal = lines.entry_ordinal
            and strpos(lines.line_text, deciding_matches.status_evidence) > 0

),

evidence_lines as (

    select
        entry_key,
        line_number,
        char_start,
        char_end
    from evidence_lines_ranked
    where line_rank = 1

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
        evidence_lines.char_start as evidence_char_start,
        evidence_lines.char_end as evidence_char_end,
        coalesce(deciding_matches.generic_verb, false) as decided_by_generic_verb,
        coalesce(other_statuses.other_statuses_count, 0) as other_statuses_count,
        other_statuses.other_statuses_evidence,
        project_years.text_fingerprint,
        project_years.period_key,
        project_years.task_key,
        project_years.priority_key,
        project_years.entry_count,
        project_years.entries_with_text
    from project_years
    left join deciding_matches
        on
            project_years.project_key = deciding_matches.project_key
            and project_years.report_year = deciding_matches.report_year
    left join evidence_lines
        on deciding_matches.text_id = evidence_lines.entry_key
    left join other_statuses
        on
            project_years.project_key = other_statuses.project_key
            and project_years.report_year = other_statuses.report_year

)

select * from final
