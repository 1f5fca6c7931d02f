# Two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup runtimes system-deps serve build verify mock tryit test lint lint-spec bench clean
PORT ?= 4010

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

setup: $(STAMP)

## What a build runs with: bubblewrap (the sandbox) and ruby from Debian; npm tools (Try it).
runtimes:
	bash scripts/install-system-deps --runtimes

## Everything the tests need too: Debian's Chromium.
system-deps:
	bash scripts/install-system-deps

serve: setup runtimes
	$(BIN)/mkdocs serve

build: setup runtimes
	$(BIN)/mkdocs build --strict

## Run every sample (curl, JavaScript, Python, Ruby) against the fake VINR API, without building.
verify: setup runtimes
	$(BIN)/python -m vinr_docs.engine

## Serve the fake VINR API on http://127.0.0.1:$(PORT) with the page's fixture state.
mock: setup
	$(BIN)/python -m vinr_docs.fake --port $(PORT)

## The in-page "Try it" mock: config.json + precompiled validators + bundle in build/tryit/.
tryit: setup runtimes
	$(BIN)/python -m vinr_docs.tryit.generate --out build/tryit

lint: setup
	$(BIN)/ruff check src hooks tests scripts
	$(BIN)/ruff format --check src hooks tests scripts

## docs/openapi.yaml: valid OpenAPI 3.1 and Redocly's recommended rules with no warning.
lint-spec: setup system-deps
	$(BIN)/python -c 'import vinr_docs.spec as s; s.load("docs/openapi.yaml")'
	npx --no-install redocly lint docs/openapi.yaml

## VINR_STRICT=1: missing isolation or a missing runtime fails verification instead of a notice.
test: setup system-deps lint lint-spec
	VINR_STRICT=1 $(BIN)/python -m pytest

bench: setup system-deps
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_sandbox.py
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_tryit.py

clean:
	rm -rf site build .pytest_cache .cache
