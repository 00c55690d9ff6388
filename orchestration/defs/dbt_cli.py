"""How dagster-dbt sees and starts this project's dbt: groups, owners, which tests are
asset checks, and a dbt resource without the start-up costs the project does not use."""

import importlib.metadata
import logging
from functools import cached_property, lru_cache
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DbtCliResource
from packaging import version

OWNERS = ["team:strategy-monitoring"]


# dbt tests of these groups (the published layer) are Dagster asset checks. Tests of the
# staging and intermediate models still run in every `dbt build`, stop it when they fail
# and are recorded in marts.fct_check_result; as Dagster checks each would cost three
# events in the run's log (together a sixth of a refresh's CPU, measured), for no reader.
CHECKED_GROUPS = frozenset({"marts", "bi"})


class _UncheckedTestNotice(logging.Filter):
    """Drops dagster-dbt's warning that a dbt test which is not an asset check came back
    as an observation: here that is every staging and intermediate test, by design, and
    each warning would be one more stored event of the run (~140 a build)."""

    PREFIX = "Logging an `AssetObservation` instead of an `AssetCheckResult`"

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.PREFIX)


# dagster-dbt logs through Dagster's builtin logger, which a run stores in its event log.
logging.getLogger("dagster.builtin").addFilter(_UncheckedTestNotice())


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """dbt folders are Dagster groups; dbt sources map onto the landing tables; the tests
    of published models are asset checks."""

    def get_group_name(self, dbt_resource_props: dict[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"

    def get_owners(self, dbt_resource_props: dict[str, Any]) -> list[str]:
        return OWNERS

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        if asset_spec.group_name not in CHECKED_GROUPS:
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


class WarehouseDbtCli(DbtCliResource):
    """dagster-dbt's dbt resource without two start-up costs this project does not use:
    an in-process dbt adapter (only for row counts and column metadata fetched after a
    build, which the marts' own metadata already give) and a `dbt --version` subprocess
    (the version is the installed package's)."""

    def _initialize_dbt_core_adapter(self, args):
        return None

    @cached_property
    def _cli_version(self):
        return version.parse(importlib.metadata.version("dbt-core"))


@lru_cache(maxsize=8)
def dbt_for(project_dir: str, executable: str, profiles_dir: str) -> DbtCliResource:
    """The dbt of the definitions, pointed at one warehouse's build file by its profile."""
    return WarehouseDbtCli(
        project_dir=project_dir, dbt_executable=executable, profiles_dir=profiles_dir
    )
