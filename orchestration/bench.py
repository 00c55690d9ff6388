"""The benchmark of record: what a refresh costs, measured, never asserted by a test.

    make bench   →   python -m orchestration.bench [--runs 3] [--quick]

Each scenario runs `warehouse refresh` as the analyst does (a fresh process, the
folders given as the command line takes them), `--runs` times, in a temporary folder:

- no-op: the published edition was built from the same files and code;
- seed: the seed report and the indicator table into a fresh warehouse;
- one more year: a fifth report year added to four loaded ones (2019-2022 + 2023);
- seven years: 2019-2025 from scratch.

Synthetic report years are copies of the seed with the header's year changed. Next to
the medians it prints the floors measured in the same run — importing Dagster, dbt and
Great Expectations, and one DuckDB query — and the peak memory (largest process of the
refresh). Figures are written to warehouse/bench/latest.json. The parser's own speed on
the seed is measured too.

May import: everything it measures runs as a separate `warehouse` process; it imports
`orchestration.ingest` and `orchestration.settings` only (an entry point, like the CLI).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from orchestration.ingest.documents import decode_text, discover_reports
from orchestration.ingest.report_text import parse_report_text
from orchestration.ingest.reports import default_body_rules
from orchestration.settings import PROJECT_ROOT, Settings

WAREHOUSE = [str(Path(sys.executable).with_name("warehouse"))]
SEED_REPORT = "reports/zhytomyr/zhytomyr_concept_2030_report_2023.txt"
_HEADER_YEAR = re.compile(r"(Інформація\s+про\s+виконання\s+за\s+)(\d{4})")


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of the largest process the command ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def _floor(code: str) -> float:
    return _timed([sys.executable, "-c", code])[0]


def _sources(folder: Path, years: list[int], indicators: bool = True) -> Path:
    """A sources/ with a report per year (copies of the seed, the header's year changed)."""
    seed = (PROJECT_ROOT / "sources" / SEED_REPORT).read_text(encoding="utf-8")
    reports = folder / "reports" / "zhytomyr"
    reports.mkdir(parents=True, exist_ok=True)
    for year in years:
        text = _HEADER_YEAR.sub(lambda m, y=year: f"{m.group(1)}{y}", seed)
        (reports / f"zhytomyr_report_{year}.txt").write_text(text, encoding="utf-8")
    if indicators:
        shutil.copytree(PROJECT_ROOT / "sources" / "indicators", folder / "indicators")
    return folder


def _refresh(sources: Path, warehouse: Path, *extra: str) -> tuple[float, float]:
    env = {**os.environ, "WAREHOUSE_SOURCES_DIR": str(sources), "WAREHOUSE_DIR": str(warehouse)}
    return _timed([*WAREHOUSE, "refresh", *extra], env)


def scenario_noop(scratch: Path) -> tuple[float, float]:
    if not (scratch / "noop" / "warehouse.duckdb").exists():
        _refresh(PROJECT_ROOT / "sources", scratch / "noop")
    return _refresh(PROJECT_ROOT / "sources", scratch / "noop")


def scenario_seed(scratch: Path) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    return _refresh(PROJECT_ROOT / "sources", folder / "warehouse")


def scenario_one_more_year(scratch: Path) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    sources = _sources(folder / "sources", [2019, 2020, 2021, 2022])
    _refresh(sources, folder / "warehouse")
    _sources(sources, [2023], indicators=False)
    return _refresh(sources, folder / "warehouse")


def scenario_seven_years(scratch: Path) -> tuple[float, float]:
    folder = Path(tempfile.mkdtemp(dir=scratch))
    sources = _sources(folder / "sources", list(range(2019, 2026)))
    return _refresh(sources, folder / "warehouse")


SCENARIOS: dict[str, Callable[[Path], tuple[float, float]]] = {
    "no-op refresh (nothing changed)": scenario_noop,
    "full refresh of the seed (report + indicators), fresh warehouse": scenario_seed,
    "one report year added to four loaded years": scenario_one_more_year,
    "seven report years (2019-2025) from scratch": scenario_seven_years,
}
FLOORS = {
    "python -c 'import dagster'": "import dagster",
    "python -c 'import dbt.cli.main'": "import dbt.cli.main",
    "python -c 'import great_expectations'": "import great_expectations",
    "one DuckDB query": "import duckdb; duckdb.sql('select 42').fetchall()",
}


def bench_parser(rounds: int) -> dict[str, float]:
    rules = default_body_rules()
    (document,) = [d for d in discover_reports(PROJECT_ROOT / "sources")][:1]
    text, _ = decode_text(document.read_bytes(), document.relative_path)
    parse_report_text(text, document.relative_path, rules)  # warm caches (seeds)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        parsed = parse_report_text(text, document.relative_path, rules)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    parse_report_text(text, document.relative_path, rules)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median = statistics.median(times)
    return {
        "lines": len(parsed.lines),
        "median_ms": round(median * 1000, 2),
        "lines_per_s": round(len(parsed.lines) / median),
        "peak_python_mb": round(peak / 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario (median)")
    parser.add_argument("--quick", action="store_true", help="no-op and seed scenarios only")
    args = parser.parse_args()
    settings = Settings.from_env()
    figures: dict[str, object] = {"runs": args.runs, "parser": bench_parser(20)}
    p = figures["parser"]
    print(f"parser, seed report: {p['lines']} lines in {p['median_ms']} ms (median of 20)")

    floors = {name: round(statistics.median(_floor(code) for _ in range(args.runs)), 2)
              for name, code in FLOORS.items()}  # fmt: skip
    figures["floors_s"] = floors
    scenarios: dict[str, dict[str, float]] = {}
    chosen = list(SCENARIOS.items())[: 2 if args.quick else None]
    with tempfile.TemporaryDirectory(prefix="warehouse-bench-") as scratch:
        for name, run in chosen:
            results = [run(Path(scratch)) for _ in range(args.runs)]
            scenarios[name] = {
                "median_s": round(statistics.median(r[0] for r in results), 2),
                "runs_s": [round(r[0], 2) for r in results],
                "peak_rss_mb": round(max(r[1] for r in results)),
            }
            print(f"{name}: median {scenarios[name]['median_s']} s {scenarios[name]['runs_s']}")
    figures["scenarios"] = scenarios
    print()
    print(f"{'scenario':<66} {'median s':>9} {'peak MB':>8}")
    for name, s in scenarios.items():
        print(f"{name:<66} {s['median_s']:>9.2f} {s['peak_rss_mb']:>8}")
    print(f"\n{'floor':<66} {'median s':>9}")
    for name, seconds in floors.items():
        print(f"{name:<66} {seconds:>9.2f}")
    names = list(SCENARIOS)
    if names[1] in scenarios and names[2] in scenarios:
        ratio = scenarios[names[2]]["median_s"] / scenarios[names[1]]["median_s"]
        figures["ratio_one_more_year_to_seed"] = round(ratio, 2)
        print(f"\none more year / full seed refresh: {ratio:.2f}")
    if names[1] in scenarios and names[3] in scenarios:
        ratio = scenarios[names[3]]["median_s"] / scenarios[names[1]]["median_s"]
        figures["ratio_seven_years_to_seed"] = round(ratio, 2)
        print(f"seven years / full seed refresh:   {ratio:.2f}")
    out = settings.warehouse_dir / "bench" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {settings.relative(out)}")


if __name__ == "__main__":
    main()
