"""Validation of OpenLineage events against the OpenLineage JSON schema: the RunEvent
definition of OpenLineage.json and, for every facet, the schema its `_schemaURL` names.

The schema files are the specification's own (`spec/OpenLineage.json` and
`spec/facets/*.json` of an OpenLineage release). No package on PyPI, npm or Debian ships
them (openlineage-python carries only classes generated from them), so they are read
from the folder OPENLINEAGE_SPEC_DIR names — a copy of a release's `spec/` folder —
and the tests that need them say so and skip when it is not given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SPEC_ENV = "OPENLINEAGE_SPEC_DIR"
RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"


def spec_dir() -> Path:
    folder = os.environ.get(SPEC_ENV)
    if not folder or not (Path(folder) / "OpenLineage.json").exists():
        pytest.skip(
            f"set {SPEC_ENV} to a copy of an OpenLineage release's spec/ folder "
            "(OpenLineage.json and facets/) to validate the events against it"
        )
    return Path(folder)


class SpecValidator:
    def __init__(self, folder: Path) -> None:
        resources = []
        for path in [folder / "OpenLineage.json", *sorted((folder / "facets").glob("*.json"))]:
            schema = json.loads(path.read_text(encoding="utf-8"))
            resources.append((schema["$id"], Resource.from_contents(schema)))
        self.registry = Registry().with_resources(resources)
        self.ids = {uri for uri, _ in resources}

    def _validator(self, ref: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": ref}, registry=self.registry, format_checker=FormatChecker()
        )

    def errors(self, event: dict[str, Any]) -> list[str]:
        """Every way the event breaks the schema: the event, then each facet by its URL."""
        found = [f"event: {e.message}" for e in self._validator(RUN_EVENT).iter_errors(event)]
        for where, facet in _facets(event):
            url = facet.get("_schemaURL", "")
            if url.split("#")[0] not in self.ids:
                found.append(f"{where}: no schema {url!r} in the specification")
                continue
            found += [f"{where}: {e.message}" for e in self._validator(url).iter_errors(facet)]
        return found


def _facets(event: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield from ((f"run.{k}", v) for k, v in (event.get("run", {}).get("facets") or {}).items())
    yield from ((f"job.{k}", v) for k, v in (event.get("job", {}).get("facets") or {}).items())
    for side in ("inputs", "outputs"):
        for dataset in event.get(side) or []:
            for group in ("facets", "inputFacets", "outputFacets"):
                for name, facet in (dataset.get(group) or {}).items():
                    yield f"{side}[{dataset.get('name')}].{name}", facet
