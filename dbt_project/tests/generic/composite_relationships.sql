{#-
    Fails with one row per row of `model` whose `columns` (all non-NULL) match no
    row of `to` on `to_columns`, pairwise: a reference by a composite key, such as
    (document_id, line_number), that points nowhere. Rows with a NULL in
    `columns` are not references and pass.
-#}
{% test composite_relationships(model, columns, to, to_columns) %}

{%- if columns | length != to_columns | length -%}
    {{ exceptions.raise_compiler_error(
        "composite_relationships: columns and to_columns must have the same length"
    ) }}
{%- endif %}

with

children as (

    select * from {{ model }}
    where
        {% for column in columns -%}
        {{ column }} is not null
        {%- if not loop.last %} and {% endif %}
        {% endfor %}

),

parents as (

    select * from {{ to }}

),

final as (

    select
        {% for column in columns -%}
        children.{{ column }}{% if not loop.last %},{% endif %}
        {% endfor -%}
    from children
    where not exists (
        select 1
        from parents
        where
            {% for column in columns -%}
            parents.{{ to_columns[loop.index0] }} = children.{{ column }}
            {%- if not loop.last %} and {% endif %}
            {% endfor %}
    )

)

select * from final

{% endtest %}
