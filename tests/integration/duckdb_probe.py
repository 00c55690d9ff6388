"""Run by another Python with another DuckDB (a BI tool's version): open a warehouse file
read-only, run the given queries, read the `bi` views' column comments, print JSON.

Imports only the standard library and duckdb, whatever its version. Input on stdin:
{"path": ..., "queries": [...]}. Values are printed as text, so that the answers of
two DuckDB versions compare exactly.
"""

import json
import sys

import duckdb


def main() -> None:
    request = json.load(sys.stdin)
    answer = {"duckdb": duckdb.__version__, "queries": [], "bi_comments": {}}
    con = duckdb.connect(request["path"], read_only=True)
    for sql in request["queries"]:
        cursor = con.execute(sql)
        answer["queries"].append(
            {
                "columns": [d[0] for d in cursor.description],
                "rows": [[None if v is None else str(v) for v in row] for row in cursor.fetchall()],
            }
        )
    views = con.execute(
        "select view_name, comment from duckdb_views() "
        "where database_name = current_database() and schema_name = 'bi' order by 1"
    ).fetchall()
    for view, comment in views:
        columns = con.execute(
            "select column_name, comment from duckdb_columns() where database_name = "
            "current_database() and schema_name = 'bi' and table_name = ? order by column_index",
            [view],
        ).fetchall()
        answer["bi_comments"][view] = {"view": comment, "columns": dict(columns)}
        con.execute(f'select * from bi."{view}" limit 1').fetchall()
    con.close()
    json.dump(answer, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
