# The project's vocabulary. `make run` and `make test` are the two set-up commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-fast ui lint fmt bench bench-serving docs clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	@$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

## Refresh the warehouse from sources/ (parse, land, check, dbt build, publish).
run: $(STAMP)
	$(BIN)/warehouse refresh

## Run the whole test suite (unit and integration), a test module per core at a time.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

## Unit tests only.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not integration"

## Dagster UI on http://127.0.0.1:3000 with the run history kept under warehouse/.
ui: $(STAMP)
	DAGSTER_HOME=$(CURDIR)/warehouse/dagster_home $(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m orchestration.definitions

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m orchestration.bench

## dbt's documentation site of the published warehouse: warehouse/docs/index.html (offline).
docs: $(STAMP)
	$(BIN)/warehouse docs

## 20 BI clients querying PostgreSQL and the DuckDB file while a refresh publishes.
bench-serving: $(STAMP)
	$(BIN)/python -m orchestration.bench_serving

clean:
	rm -rf warehouse/warehouse.duckdb warehouse/build warehouse/lake warehouse/docs dbt_project/target
