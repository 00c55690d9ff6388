{#-
    on-run-end: for each failing or warning test that stores its failures, print the
    rows it found, so the log of a stopped build says what is wrong and where (file,
    line) instead of only "Got 1 result". The same rows stay queryable in schema
    `audit` of the build file.
-#}
{% macro log_test_failures(results, max_rows=20) %}
    {%- if execute -%}
        {%- for result in results -%}
            {%- set node = result.node -%}
            {%- if node.resource_type == 'test'
                and result.status in ('fail', 'warn')
                and node.config.store_failures
                and node.relation_name -%}
                {%- set rows = run_query(
                    'select * from ' ~ node.relation_name ~ ' limit ' ~ max_rows
                ) -%}
                {{ log(result.status | upper ~ ' ' ~ node.name ~ ': ' ~ result.failures
                    ~ ' row(s), kept in ' ~ node.relation_name, info=true) }}
                {%- for row in rows -%}
                    {%- set cells = [] -%}
                    {%- for column in rows.column_names -%}
                        {%- do cells.append(column ~ '=' ~ row[column]) -%}
                    {%- endfor %}
                    {{ log('  ' ~ cells | join('; '), info=true) }}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
