"""Column layout of the landing tables (one Parquet file per source document each).

The pipeline writes `warehouse/lake/raw/<table>/<document_id>.parquet` and, when it
builds a new warehouse file, loads the files of the documents currently in
`sources/` into schema `landing` of that file; dbt's staging models read
`{{ source('landing', '<table>') }}`. Changing a column here is a change of the
dbt sources too.
"""

from __future__ import annotations

import pyarrow as pa

REPORT_DOCUMENTS = pa.schema(
    [
        ("document_id", pa.string()),  # sha256 hex of the file bytes
        ("source_path", pa.string()),  # relative to the repository root, '/' separated
        ("document_kind", pa.string()),  # 'report'
        ("city", pa.string()),
        ("report_year", pa.int32()),
        ("byte_size", pa.int64()),
        ("encoding", pa.string()),  # how the bytes were decoded: 'utf-8', 'utf-8-sig', 'cp1251'
        ("line_count", pa.int32()),
        ("line_kind_counts", pa.string()),  # JSON object: line kind -> count
        ("parser_version", pa.string()),
        ("loaded_at", pa.timestamp("us")),
        ("load_run_id", pa.string()),
    ]
)

REPORT_LINES = pa.schema(
    [
        ("document_id", pa.string()),
        ("line_number", pa.int32()),
        ("line_kind", pa.string()),
        ("line_text", pa.string()),  # decoded, without the line terminator
        ("entry_ordinal", pa.int32()),  # NULL for lines outside entries
        ("text_char_start", pa.int32()),  # where the implementation-text cell starts (0-based)
    ]
)

REPORT_ENTRIES = pa.schema(
    [
        ("document_id", pa.string()),
        ("report_id", pa.string()),  # city:kind:year — the report, whichever file carries it
        ("report_year", pa.int32()),
        ("entry_ordinal", pa.int32()),
        ("priority_ordinal", pa.int32()),
        ("priority_name", pa.string()),
        ("priority_line", pa.int32()),
        ("goal_ordinal", pa.int32()),
        ("goal_number_printed", pa.string()),
        ("goal_title", pa.string()),
        ("goal_line", pa.int32()),
        ("task_ordinal", pa.int32()),
        ("task_number_printed", pa.string()),
        ("task_description", pa.string()),
        ("task_line", pa.int32()),
        ("project_ordinal", pa.int32()),  # NULL for task-level entries
        ("project_printed", pa.string()),
        ("project_name", pa.string()),
        ("project_name_key", pa.string()),  # normalized name + description, for identity
        ("period_start_year", pa.int32()),
        ("period_end_year", pa.int32()),
        ("project_description", pa.string()),
        ("responsible_printed", pa.string()),
        ("implementation_text", pa.string()),
        ("line_start", pa.int32()),
        ("line_end", pa.int32()),
    ]
)

REPORT_ENTRY_BODIES = pa.schema(
    [
        ("document_id", pa.string()),
        ("report_id", pa.string()),  # city:kind:year — the report, whichever file carries it
        ("entry_ordinal", pa.int32()),
        ("body_ordinal", pa.int32()),
        ("body_name_printed", pa.string()),
        ("body_name_key", pa.string()),  # departments.normalize_name(body_name_printed)
        ("line_number", pa.int32()),  # the line whose responsible cell printed it
    ]
)

REPORT_FIGURES = pa.schema(
    [
        ("document_id", pa.string()),
        ("report_id", pa.string()),  # city:kind:year — the report, whichever file carries it
        ("entry_ordinal", pa.int32()),  # the entry whose implementation text states it
        ("line_number", pa.int32()),
        ("char_start", pa.int32()),  # 0-based, in characters of the decoded line
        ("char_end", pa.int32()),  # end-exclusive: line_text[char_start:char_end] == raw_text
        ("raw_text", pa.string()),  # exactly as printed
        ("value", pa.float64()),  # multipliers applied; a range's lower bound
        ("value_low", pa.float64()),  # ranges only
        ("value_high", pa.float64()),
        ("unit", pa.string()),  # 'UAH', 'percent', 'm2', 'persons', a noun's lemma, 'number'
        ("unit_kind", pa.string()),
        ("unit_printed", pa.string()),
        ("qualifier", pa.string()),  # exact, approximate, lower_bound, upper_bound, range
        ("written_as_words", pa.bool_()),
        ("context_sentence", pa.string()),
        ("sentence_key", pa.string()),  # the sentence folded, to find repeated facts
        ("sentence_ordinal", pa.int32()),  # the figure's position among its sentence's figures
    ]
)

LANDING_TABLES: dict[str, pa.Schema] = {
    "report_documents": REPORT_DOCUMENTS,
    "report_lines": REPORT_LINES,
    "report_entries": REPORT_ENTRIES,
    "report_entry_bodies": REPORT_ENTRY_BODIES,
    "report_figures": REPORT_FIGURES,
}

# -- indicator files (sources/indicators/<city>/*.csv|xlsx) ---------------------------

INDICATOR_DOCUMENTS = pa.schema(
    [
        ("document_id", pa.string()),  # sha256 hex of the file bytes
        ("source_path", pa.string()),
        ("document_kind", pa.string()),  # 'indicators'
        ("city", pa.string()),
        ("byte_size", pa.int64()),
        ("file_format", pa.string()),  # 'csv' | 'xlsx'
        ("encoding", pa.string()),  # 'utf-8', 'utf-8-sig', 'cp1251'; NULL for a workbook
        ("delimiter", pa.string()),  # CSV only
        ("layout", pa.string()),  # 'wide' | 'long'
        ("row_count", pa.int32()),
        ("row_kind_counts", pa.string()),  # JSON object: row kind -> count
        ("value_count", pa.int32()),
        ("parser_version", pa.string()),
        ("loaded_at", pa.timestamp("us")),
        ("load_run_id", pa.string()),
    ]
)

INDICATOR_ROWS = pa.schema(
    [
        ("document_id", pa.string()),
        ("sheet_name", pa.string()),  # the worksheet; NULL for CSV
        ("row_number", pa.int32()),  # CSV: line of the decoded file; XLSX: worksheet row
        ("row_kind", pa.string()),  # title, header, section, group, values, footnote, blank
        ("row_text", pa.string()),  # the CSV line, or the worksheet cells tab-joined
        ("indicator_name", pa.string()),  # qualified name of a values or group row
    ]
)

INDICATOR_VALUES = pa.schema(
    [
        ("document_id", pa.string()),
        ("city", pa.string()),
        ("sheet_name", pa.string()),
        ("row_number", pa.int32()),
        ("column_number", pa.int32()),  # 1-based column of the value cell
        ("indicator_printed", pa.string()),  # the row's label as printed
        ("indicator_name", pa.string()),  # "<parent>: <label>", unit and footnote marks removed
        ("indicator_name_key", pa.string()),  # departments.normalize_name(indicator_name)
        ("parent_printed", pa.string()),
        ("unit_printed", pa.string()),
        ("unit", pa.string()),  # normalized; NULL when none is printed or it is unknown
        ("unit_factor", pa.float64()),  # applied to value and target_value already
        ("unit_known", pa.bool_()),
        ("territory", pa.string()),  # long layout only
        ("territory_key", pa.string()),  # normalize_name(territory), matched with the seed
        ("period_printed", pa.string()),
        ("period_key", pa.string()),  # '2023', '2024-Q1', '2020-M01-M09', '2017-01-01'
        ("period_grain", pa.string()),  # 'year' | 'quarter' | 'part_year' | 'instant'
        ("period_year", pa.int32()),
        ("period_quarter", pa.int32()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("landing_quarter", pa.string()),  # the quarter the period ends in (pre-2014: in 2014-Q1)
        ("value_printed", pa.string()),
        ("value", pa.float64()),  # number × unit_factor; NULL when the cell is not a number
        ("value_precision", pa.float64()),  # rounding step as printed, × unit_factor
        ("target_printed", pa.string()),
        ("target_value", pa.float64()),
        ("period_phrase", pa.string()),  # the name's "as of" phrase that dated the value
        ("unit_rate_base", pa.float64()),  # 1000 for a rate per 1000 ("‰"); NULL otherwise
    ]
)

INDICATOR_LANDING_TABLES: dict[str, pa.Schema] = {
    "indicator_documents": INDICATOR_DOCUMENTS,
    "indicator_rows": INDICATOR_ROWS,
    "indicator_values": INDICATOR_VALUES,
}
