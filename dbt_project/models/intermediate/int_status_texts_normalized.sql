{#-
    The texts the status rules are matched against: every project entry's
    implementation text, and every rule's example phrase (so the examples go
    through exactly the same normalization and matching as the reports).
    Typographic apostrophes become plain and Latin look-alike letters Cyrillic
    ("кронowano"); both replacements keep each character in place, so a phrase
    found in match_text is cut from text at the same position, as printed.
    project_name is what a rule's project_pattern reads: the project's name with its
    parenthetical description (the example's project for a rule example).
-#}
with

entries as (

    select * from {{ ref('int_entries_identified') }}

),

rules as (

    select * from {{ ref('stg_seeds__project_status_rules') }}

),

texts as (

    select
        'entry' as text_kind,
        entry_key as text_id,
        {{ nfc_normalize('implementation_text') }} as text,
        project_name || coalesce(' (' || project_description || ')', '') as project_name
    from entries
    where project_key is not null and implementation_text is not null

    union all

    select
        'rule_example' as text_kind,
        rule_id as text_id,
        {{ nfc_normalize('example') }} as text,
        coalesce(example_project, '') as project_name
    from rules
    where example is not null

),

final as (

    select
        text_kind,
        text_id,
        text,
        translate(
            text,
            '’ʼ‘`′´aeiopcxykmthbAEIOPCXYKMTHBïÏ',
            '''''''''''''аеіорсхукмтнвАЕІОРСХУКМТНВїЇ'
        ) as match_text,
        translate({{ nfc_normalize('project_name') }}, '’ʼ‘`′´', '''''''''''''') as match_project_name
    from texts

)

select * from final
