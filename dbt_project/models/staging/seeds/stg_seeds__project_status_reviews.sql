{#- The reviewed statuses as people wrote them: text trimmed, blanks made NULL. -#}
with

source as (

    select * from {{ ref('project_status_reviews') }}

),

final as (

    select
        cast(report_year as integer) as report_year,
        cast(trim(project_key) as varchar) as project_key,
        cast(trim(project_name) as varchar) as project_name,
        cast(trim(status) as varchar) as status,
        cast({{ blank_to_null('trim(reason)') }} as varchar) as review_reason,
        cast({{ blank_to_null('trim(reviewed_by)') }} as varchar) as reviewed_by,
        cast(reviewed_on as date) as reviewed_on
    from source

)

select * from final
