"""The rooms of `orchestration/` and the direction of their imports: wiring → domain,
never back. Each room's docstring says what it may import; this holds the code to it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from orchestration.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "orchestration"
# The wiring and the entry points: the only modules that may import Dagster.
WIRING = (
    "orchestration.defs",
    "orchestration.definitions",
    "orchestration.refresh",
    "orchestration.run_in_process",
)
ENTRY_POINTS = ("orchestration.cli", "orchestration.bench")
TOOLS = ("dagster", "dagster_dbt", "dbt")
# Rooms that hold pure domain code, and the project modules each may import.
PURE = {
    "orchestration.ingest": ("orchestration.ingest", "orchestration.settings"),
    "orchestration.quality": (
        "orchestration.ingest",
        "orchestration.quality",
        "orchestration.settings",
    ),
    "orchestration.planning": (
        "orchestration.ingest",
        "orchestration.quality",
        "orchestration.settings",
    ),
    "orchestration.warehouse_file": ("orchestration.settings",),
    "orchestration.lineage": ("orchestration.lineage",),
}
# Great Expectations belongs to the quality room alone.
NOT_FOR_QUALITY = ("great_expectations",)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _in(module: str, rooms: tuple[str, ...] | list[str]) -> bool:
    return any(module == r or module.startswith(r + ".") for r in rooms)


def test_nothing_imports_dagster_internals() -> None:
    offenders = [
        f"{name}:{line} {imported}"
        for name, path in MODULES.items()
        for line, imported in _imports(path)
        if imported.startswith("dagster._")
    ]
    assert offenders == []


def test_only_the_wiring_imports_dagster_and_nothing_domain_imports_the_wiring() -> None:
    offenders = []
    for name, path in MODULES.items():
        if _in(name, WIRING + ENTRY_POINTS):
            continue
        for line, imported in _imports(path):
            if _in(imported, ["dagster", "dagster_dbt"]) or _in(imported, WIRING + ENTRY_POINTS):
                offenders.append(f"{name}:{line} imports {imported}")
    assert offenders == []


def test_the_wiring_never_imports_the_entry_points() -> None:
    offenders = [
        f"{name}:{line} imports {imported}"
        for name, path in MODULES.items()
        if _in(name, WIRING)
        for line, imported in _imports(path)
        if _in(imported, ENTRY_POINTS)
        or (_in(imported, ["orchestration.refresh"]) and name != "orchestration.refresh")
    ]
    assert offenders == []


@pytest.mark.parametrize("room", sorted(PURE))
def test_a_pure_room_imports_only_what_its_docstring_allows(room: str) -> None:
    allowed = PURE[room]
    offenders = []
    for name, path in MODULES.items():
        if not _in(name, [room]):
            continue
        for line, imported in _imports(path):
            if _in(imported, TOOLS) or (
                room != "orchestration.quality" and _in(imported, NOT_FOR_QUALITY)
            ):
                offenders.append(f"{name}:{line} imports the tool {imported}")
            elif imported.startswith("orchestration") and not _in(imported, allowed):
                offenders.append(f"{name}:{line} imports {imported}")
    assert offenders == []


def test_every_room_says_what_it_holds_and_what_it_may_import() -> None:
    rooms = [p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    rooms += [p for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    silent = []
    for room in rooms:
        init = room / "__init__.py" if room.is_dir() else room
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if "May import" not in doc:
            silent.append(str(init.relative_to(PROJECT_ROOT)))
    assert silent == []


def _environment_writes(path: Path) -> list[int]:
    """Lines that change os.environ: an assignment or deletion of a key, or a call of a
    method that changes it (setdefault, update, pop, …), or os.putenv."""

    def is_environ(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if hasattr(node, "targets") else [node.target]
        if any(isinstance(t, ast.Subscript) and is_environ(t.value) for t in targets):
            found.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            changes = {"setdefault", "update", "pop", "popitem", "clear"}
            if (is_environ(node.func.value) and node.func.attr in changes) or (
                node.func.attr == "putenv"
            ):
                found.append(node.lineno)
    return found


def test_no_product_module_writes_the_process_environment() -> None:
    offenders = [
        f"{name}:{line}" for name, path in MODULES.items() for line in _environment_writes(path)
    ]
    assert offenders == []


def test_the_environment_check_finds_a_write(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nos.environ['A'] = '1'\nos.environ.setdefault('B', '2')\n")
    assert _environment_writes(sample) == [2, 3]


def test_a_long_module_says_why_it_is_one_piece() -> None:
    long_and_silent = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        doc = (ast.get_docstring(ast.parse(text)) or "").lower()
        if text.count("\n") > 300 and "one piece" not in doc and "one module" not in doc:
            long_and_silent.append(f"{name} ({text.count(chr(10))} lines)")
    assert long_and_silent == []
