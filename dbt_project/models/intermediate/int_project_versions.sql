{#-
    How each report prints each project. Two identity keys are derived for matching
    a project across editions: the printed key (name and description, as the parser
    normalized them) with "проект" spelled "проєкт", a leading "Проєкт" dropped and
    quotes and punctuation reduced to single spaces; and the same for the name alone.
-#}
{%- set identity_key -%}
    trim(
        regexp_replace(
            regexp_replace(
                regexp_replace(replace(COLUMN, 'проект', 'проєкт'), {{ regex('[^\\pL\\pN]+') }}, ' ', 'g'),
                '^\s*проєкт\s+', ''
            ),
            '\s+', ' ', 'g'
        )
    )
{%- endset %}

with

entries as (

    select * from {{ ref('int_entries_keyed') }}

),

project_entries as (

    select
        *,
        row_number() over (
            partition by document_id, printed_project_key
            order by entry_ordinal
        ) as printing_rank,
        count(*) over (partition by document_id, printed_project_key) as entry_count
    from entries
    where printed_project_key is not null

),

final as (

    select
        printed_project_key,
        report_year,
        document_id,
        task_key,
        strategy_code,
        strategy_priority_ordinal as priority_ordinal,
        goal_ordinal,
        task_ordinal,
        project_ordinal,
        project_name,
        project_name_key,
        project_description,
        {{ identity_key | replace('COLUMN', 'project_name_key') }} as identity_key,
        {{ identity_key | replace('COLUMN', name_key('project_name')) }} as identity_name_key,
        entry_count,
        line_start
    from project_entries
    where printing_rank = 1

)

select * from final
