# Two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps serve build verify test lint lint-spec bench clean

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

setup: $(STAMP)

## Browser and Node tooling for the tests (Debian's Chromium, axe-core, Lighthouse).
system-deps:
	bash scripts/install-system-deps

serve: setup
	$(BIN)/mkdocs serve

build: setup
	$(BIN)/mkdocs build --strict

## Run every Python sample against the fake VINR API, without building the site.
verify: setup
	$(BIN)/python -m vinr_docs.verify

## docs/openapi.yaml: valid OpenAPI 3.1 and Redocly's recommended rules with no warning.
lint-spec: setup system-deps
	$(BIN)/python -c 'import vinr_docs.spec as s; s.load("docs/openapi.yaml")'
	npx --no-install redocly lint docs/openapi.yaml

test: setup system-deps lint-spec
	$(BIN)/ruff check src hooks tests scripts
	$(BIN)/python -m pytest

bench: setup system-deps
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_site.py

clean:
	rm -rf site .pytest_cache .cache
