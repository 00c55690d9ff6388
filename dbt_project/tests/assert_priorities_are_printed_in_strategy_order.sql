{{ config(severity='warn', store_failures=true) }}

{#-
    Keys use the strategy's order (the seed), not the order a report prints the
    priorities in; a report that reorders them is worth a look, not a stop.
-#}
with

priorities as (

    select * from {{ ref('int_priorities_matched') }}

),

final as (

    select
        priority_name,
        source_path,
        priority_line as line_number,
        landed_priority_ordinal as printed_position,
        priority_ordinal as strategy_position
    from priorities
    where priority_key is not null
        and landed_priority_ordinal != priority_ordinal

)

select * from final
