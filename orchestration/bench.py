"""Benchmarks: figures to compare between changes (not timed tests).

    make bench   →   python -m orchestration.bench [--refreshes N]

Prints the parser's speed on the embedded reports and the wall time of full
refreshes into a temporary warehouse folder (land, dbt build, publish).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from orchestration.ingest.documents import decode_text, discover_reports
from orchestration.ingest.report_text import parse_report_text
from orchestration.ingest.reports import default_body_rules
from orchestration.settings import Settings


def bench_parser(settings: Settings, rounds: int) -> None:
    rules = default_body_rules()
    for document in discover_reports(settings.sources_dir):
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
        print(
            f"parse {document.relative_path}: {len(parsed.lines)} lines, "
            f"{len(parsed.entries)} entries; median {median * 1000:.1f} ms over {rounds} runs "
            f"({len(parsed.lines) / median:,.0f} lines/s, "
            f"{document.byte_size / median / 1e6:.1f} MB/s), "
            f"peak Python memory {peak / 1e6:.1f} MB"
        )


def bench_refresh(settings: Settings, refreshes: int) -> None:
    from orchestration.refresh import refresh

    with tempfile.TemporaryDirectory() as folder:
        os.environ["WAREHOUSE_DIR"] = folder
        os.environ["DAGSTER_HOME"] = str(Path(folder) / "dagster_home")
        target = Settings(settings.project_root, settings.sources_dir, Path(folder))
        for i in range(refreshes):
            started = time.perf_counter()
            summary = refresh(target)
            total = time.perf_counter() - started
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items())
            kind = "cold (empty lake)" if i == 0 else "warm (already landed)"
            print(f"refresh {i + 1} {kind}: {total:.1f} s — {steps}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="parser runs per report")
    parser.add_argument("--refreshes", type=int, default=2, help="full refreshes to time")
    args = parser.parse_args()
    settings = Settings.from_env()
    bench_parser(settings, args.rounds)
    if args.refreshes:
        bench_refresh(settings, args.refreshes)


if __name__ == "__main__":
    main()
