"""Validation of OpenLineage events against the OpenLineage JSON schema: the RunEvent
definition of OpenLineage.json and, for every facet, the schema its `_schemaURL` names.

The schema files are the specification's own, committed under tests/fixtures/openlineage/spec
(`spec/OpenLineage.json` and `spec/facets/*.json` of OpenLineage at the commit its README
names, Apache-2.0, LICENSE beside them): no package on PyPI, npm or Debian ships them, and
openlineage-python carries only classes generated from them. Times are checked as the
schema's `date-time` format (rfc3339-validator), not only as strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SPEC_DIR = Path(__file__).parent / "fixtures" / "openlineage" / "spec"
RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"


class SpecValidator:
    def __init__(self, folder: Path = SPEC_DIR) -> None:
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
