"""The wiring: Dagster assets, checks, jobs, schedules, the sensor and the resources.

Decorated functions are thin: they take the folders from the `warehouse` resource and
call the domain modules. Nothing here holds domain logic.

May import: Dagster, dagster-dbt and every domain room (`ingest`, `quality`,
`planning`, `warehouse_file`, `build`, `editions`, `fingerprint`, `dbt_profiles`,
`export`, `annual_page`, `review`, `serving`, `settings`). Nothing imports this package except
`orchestration.definitions`.
"""
