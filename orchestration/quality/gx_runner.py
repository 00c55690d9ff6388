"""Run the Great Expectations 1.x suites stored in `expectations/` on pandas frames.

Suites are JSON in GX's own format (`ExpectationSuite.to_json_dict()`), one per
dataset. Each expectation's `meta` says, in words an analyst reads, what the rule
means (`explain`), gives it a stable name (`check`), and names the frame columns
that locate a failing row in its source (`locate`: line and what to show).
Values that depend on the run — the alias list, the previous edition's counts —
are suite parameters (`{"$PARAMETER": …}`) given at validation time.

Importing great_expectations costs seconds, so the context is built once per
process and reused by every suite of a run.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.quality.outcomes import ERROR, FAILED, PASSED, WARNING, CheckOutcome
from orchestration.quality.overrides import Override, apply_overrides
from orchestration.settings import PROJECT_ROOT

SUITES_DIR = PROJECT_ROOT / "expectations"


@cache
def _batch_definition() -> Any:
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas("frames")
    asset = source.add_dataframe_asset("frame")
    return asset.add_batch_definition_whole_dataframe("whole_frame")


@cache
def load_suite_json(name: str, suites_dir: Path = SUITES_DIR) -> dict[str, Any]:
    path = suites_dir / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _suite(name: str) -> Any:
    from great_expectations.core.expectation_suite import ExpectationSuite

    return ExpectationSuite(**load_suite_json(name))


def _locations(frame: pd.DataFrame, indices: list[Any], locate: Mapping[str, Any]) -> list[str]:
    line_column = locate.get("line")
    show = locate.get("show", [])
    found = []
    for index in indices:
        row = frame.loc[index]
        where = str(row.get("source_path", ""))
        if line_column and pd.notna(row.get(line_column)):
            where += f":{int(row[line_column])}"
        if "template" in locate:
            detail = locate["template"].format(**{k: _plain(v) for k, v in row.items()})
        else:
            detail = ", ".join(f"«{row[c]}»" for c in show if c in row and pd.notna(row[c]))
        found.append(f"{where}: {detail}" if detail else where)
    return sorted(set(found), key=found.index)


def _plain(value: Any) -> Any:
    """Numbers as people write them: 13, not 13.0; missing as '—'."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _observed(result: Mapping[str, Any]) -> tuple[str | None, list[Any]]:
    if "unexpected_count" in result:
        count, total = result.get("unexpected_count") or 0, result.get("element_count")
        return f"{count} of {total} rows", list(result.get("unexpected_index_list") or [])
    if "observed_value" in result:
        return json.dumps(result["observed_value"], ensure_ascii=False, default=str), []
    return None, []


def _threshold(kwargs: Mapping[str, Any], params: Mapping[str, Any]) -> str | None:
    def value(v: Any) -> Any:
        if isinstance(v, dict) and "$PARAMETER" in v:
            return params.get(v["$PARAMETER"])
        return v

    parts = []
    for key in ("min_value", "max_value", "value", "regex", "mostly"):
        if key in kwargs:
            parts.append(f"{key}={value(kwargs[key])}")
    if "value_set" in kwargs:
        members = value(kwargs["value_set"]) or []
        parts.append(f"one of {len(members)} values" if len(members) > 8 else f"in {members}")
    return ", ".join(parts) or None


def run_suite(
    name: str,
    frame: pd.DataFrame,
    params: Mapping[str, Any] | None = None,
    *,
    document_id: str | None = None,
    source_path: str | None = None,
    report_year: int | None = None,
    overrides: list[Override] | None = None,
) -> list[CheckOutcome]:
    """Validate `frame` against suite `name`; one outcome per expectation."""
    params = dict(params or {})
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    validation = batch.validate(
        _suite(name),
        expectation_parameters=params,
        result_format={"result_format": "COMPLETE", "include_unexpected_rows": False},
    )
    outcomes = []
    for result in validation.results:
        config = result.expectation_config
        meta = config.meta or {}
        observed, indices = _observed(result.result or {})
        failed = not result.success
        outcomes.append(
            CheckOutcome(
                suite=name,
                check=meta.get("check") or config.type,
                severity=ERROR if str(config.severity.value) == "critical" else WARNING,
                status=FAILED if failed else PASSED,
                message=meta.get("explain") or config.type,
                observed=observed,
                threshold=_threshold(config.kwargs, params),
                document_id=document_id,
                source_path=source_path,
                report_year=report_year,
                locations=tuple(_locations(frame, indices, meta.get("locate") or {}))
                if failed
                else (),
            )
        )
    outcomes.sort(key=lambda o: (o.severity != ERROR, o.status == PASSED, o.check))
    return apply_overrides(outcomes, overrides or [])
