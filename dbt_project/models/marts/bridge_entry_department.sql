with

bodies as (

    select * from {{ ref('int_entry_bodies_resolved') }}

),

resolved_bodies as (

    select * from bodies
    where department_key is not null

),

{# Two spellings in one cell can name the same department: keep the first. #}
ranked as (

    select
        *,
        row_number() over (
            partition by entry_key, department_key
            order by body_ordinal
        ) as body_rank
    from resolved_bodies

),

final as (

    select
        entry_key,
        department_key,
        document_id,
        body_ordinal,
        body_name_printed,
        line_number
    from ranked
    where body_rank = 1

)

select * from final
