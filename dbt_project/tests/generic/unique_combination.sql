{#-
    Fails with one row per combination of `columns` that occurs more than once:
    a composite primary or natural key that is not unique.
-#}
{% test unique_combination(model, columns) %}

with

grouped as (

    select
        {% for column in columns -%}
        {{ column }},
        {% endfor -%}
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}

),

final as (

    select * from grouped
    where occurrences > 1

)

select * from final

{% endtest %}
