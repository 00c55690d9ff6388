with

goals as (

    select * from {{ ref('int_goals_identified') }}

),

final as (

    select
        goal_key,
        priority_key,
        goal_ordinal,
        goal_number_printed,
        goal_title,
        goal_line,
        document_id,
        first_report_year,
        last_report_year
    from goals

)

select * from final
