{#-
    on-run-start: the functions a model needs that a target lacks. PostgreSQL has no
    Jaro-Winkler similarity, and fuzzystrmatch's levenshtein (an extension the warehouse
    cannot count on) stops at 255 characters; both are written here, as DuckDB computes
    them (the Winkler bonus — 0.1 per common leading character, at most 4 — only above a
    Jaro similarity of 0.7). They live in the build's own schema (the profile's), which
    no reader is granted. DuckDB has both built in: nothing to do.
-#}
{% macro create_portable_functions() -%}
    {{ return(adapter.dispatch('create_portable_functions')()) }}
{%- endmacro %}

{% macro default__create_portable_functions() -%}
{%- endmacro %}

{% macro postgres__create_portable_functions() -%}
create schema if not exists {{ target.schema }};

create or replace function {{ target.schema }}.levenshtein(a text, b text)
returns integer language plpgsql immutable strict parallel safe as $$
declare
    previous integer[];
    current integer[];
    i integer;
    j integer;
begin
    if length(a) = 0 then return length(b); end if;
    if length(b) = 0 then return length(a); end if;
    previous := array(select generate_series(0, length(b)));
    for i in 1..length(a) loop
        current := array[i];
        for j in 1..length(b) loop
            current := current || least(
                previous[j + 1] + 1,
                current[j] + 1,
                previous[j] + case when substr(a, i, 1) = substr(b, j, 1) then 0 else 1 end
            );
        end loop;
        previous := current;
    end loop;
    return previous[length(b) + 1];
end
$$;

create or replace function {{ target.schema }}.jaro_winkler_similarity(a text, b text)
returns double precision language plpgsql immutable strict parallel safe as $$
declare
    la integer := length(a);
    lb integer := length(b);
    reach integer;
    a_matched boolean[];
    b_matched boolean[];
    matches integer := 0;
    transpositions integer := 0;
    i integer;
    j integer;
    k integer := 1;
    prefix integer := 0;
    jaro double precision;
begin
    if la = 0 and lb = 0 then return 1.0; end if;
    if la = 0 or lb = 0 then return 0.0; end if;
    reach := greatest(greatest(la, lb) / 2 - 1, 0);
    a_matched := array_fill(false, array[la]);
    b_matched := array_fill(false, array[lb]);
    for i in 1..la loop
        for j in greatest(1, i - reach)..least(lb, i + reach) loop
            if not b_matched[j] and substr(a, i, 1) = substr(b, j, 1) then
                a_matched[i] := true;
                b_matched[j] := true;
                matches := matches + 1;
                exit;
            end if;
        end loop;
    end loop;
    if matches = 0 then return 0.0; end if;
    for i in 1..la loop
        if a_matched[i] then
            while not b_matched[k] loop k := k + 1; end loop;
            if substr(a, i, 1) <> substr(b, k, 1) then transpositions := transpositions + 1; end if;
            k := k + 1;
        end if;
    end loop;
    jaro := (
        cast(matches as double precision) / la
        + cast(matches as double precision) / lb
        + cast(matches - transpositions / 2 as double precision) / matches
    ) / 3;
    if jaro > 0.7 then
        while prefix < least(4, la, lb) and substr(a, prefix + 1, 1) = substr(b, prefix + 1, 1) loop
            prefix := prefix + 1;
        end loop;
        jaro := jaro + prefix * 0.1 * (1 - jaro);
    end if;
    return jaro;
end
$$;
{%- endmacro %}
