"""Where to look (the warehouse file of an edition, dbt manifests, the source file) and
the source checked now: its sha256 computed again, never past sources/."""

from __future__ import annotations

import hashlib
from pathlib import Path

from orchestration.editions import find_edition
from orchestration.ingest.documents import decode_text, read_source
from orchestration.ingest.errors import SourceError
from orchestration.settings import PROJECT_ROOT, Settings
from orchestration.trace.model import SourceCheck, TraceError


def warehouse_file(settings: Settings, edition: str | None) -> tuple[Path, str | None]:
    """The published file, or the edition published on `edition` (a date or stamp)."""
    if edition:
        found = find_edition(settings, edition)
        return found.path, found.stamp
    if not settings.published_path.exists():
        raise TraceError(
            f"nothing is published yet ({settings.relative(settings.published_path)}); "
            "run `warehouse refresh` first"
        )
    return settings.published_path, None


def manifest_candidates(settings: Settings, edition_file: Path | None) -> list[Path]:
    """dbt manifests to read the lineage from, the most specific first.

    An edition may keep the manifest of the build it came from beside it; otherwise
    the last build's manifest, then the one `dbt parse` writes into the project.
    """
    candidates = []
    if edition_file is not None:
        candidates += [edition_file.with_name("dbt_manifest.json")]
    candidates += [
        settings.dbt_target_dir / "manifest.json",
        PROJECT_ROOT / "dbt_project" / "target" / "manifest.json",
    ]
    return candidates


def resolve_source(settings: Settings, source_path: str) -> Path:
    """A recorded 'sources/…' path on this machine.

    Paths are recorded as 'sources/…' wherever the sources live, so the folder the
    refresh reads (WAREHOUSE_SOURCES_DIR) is looked at first, then the project root.
    """
    candidates = []
    if source_path.startswith("sources/"):
        candidates.append(settings.sources_dir / source_path.removeprefix("sources/"))
    candidates += [settings.sources_dir.parent / source_path, settings.project_root / source_path]
    return next((p for p in candidates if p.exists()), candidates[0])


def check_source(
    settings: Settings,
    source_path: str,
    recorded_sha256: str,
    line_number: int | None = None,
    line_text: str | None = None,
    span: tuple[int, int, str] | None = None,
    line_end: int | None = None,
) -> SourceCheck:
    """Hash the source file now and compare; read the traced line (or lines
    `line_number`..`line_end`, joined by newlines) from it too."""
    path = resolve_source(settings, source_path)
    current_sha = current_line = refused = None
    data = None
    if path.exists() or path.is_symlink():
        # The folder named `sources` the recorded path lies in: nothing outside it is read.
        root = next((a for a in path.parents if a.name == "sources"), settings.sources_dir)
        kind = "indicators" if "/indicators/" in source_path else "report"
        try:
            data = read_source(path, root, source_path, kind, settings.limits)
        except SourceError as error:
            refused = str(error)
    if data is not None:
        current_sha = hashlib.sha256(data).hexdigest()
        if line_number is not None:
            try:
                text, _ = decode_text(data, source_path)
                lines = text.split("\n")
                last = line_end or line_number
                current_line = (
                    "\n".join(lines[line_number - 1 : last]) if last <= len(lines) else None
                )
            except Exception:  # an unreadable file is reported by its hash already
                current_line = None
    status = (
        "refused"
        if refused
        else "missing"
        if current_sha is None
        else "verified"
        if current_sha == recorded_sha256
        else "tampered"
    )
    start, end, raw = span if span else (None, None, None)
    return SourceCheck(
        source_path=source_path,
        resolved_path=str(path),
        recorded_sha256=recorded_sha256,
        current_sha256=current_sha,
        status=status,
        line_number=line_number,
        line_text=line_text,
        current_line_text=current_line,
        char_start=start,
        char_end=end,
        raw_text=raw,
        line_end=line_end,
    )
