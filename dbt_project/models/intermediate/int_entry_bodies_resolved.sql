{#-
    A body the alias seed does not know keeps a NULL department: the test
    assert_every_responsible_body_is_a_known_department lists it, so an unknown
    body is never silently added as a department.
-#}
with

bodies as (

    select * from {{ ref('stg_reports__entry_bodies') }}

),

documents as (

    select * from {{ ref('stg_reports__documents') }}

),

aliases as (

    select * from {{ ref('stg_seeds__department_aliases') }}

),

departments as (

    select * from {{ ref('stg_seeds__departments') }}

),

resolved as (

    select
        bodies.entry_body_key,
        bodies.entry_key,
        bodies.document_id,
        documents.source_path,
        documents.report_year,
        bodies.entry_ordinal,
        bodies.body_ordinal,
        bodies.body_name_printed,
        bodies.body_name_key,
        bodies.line_number,
        aliases.department_code,
        departments.department_key
    from bodies
    left join documents
        on bodies.document_id = documents.document_id
    left join aliases
        on bodies.body_name_key = aliases.alias_key
    left join departments
        on aliases.department_code = departments.department_code

),

final as (

    select * from resolved

)

select * from final
