# Two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Named after the content of the files it installs from, so a venv restored from a cache (CI) is
# reused as long as they are unchanged, whatever the files' modification times.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup runtimes system-deps serve build verify mock tryit test lint lint-spec lint-workflows bench clean
PORT ?= 4010

$(STAMP):
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed*
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

## Serve the fake VINR API on http://127.0.0.1:$(PORT) with a page's fixture state
## (PAGE=docs/<page>.md; without it, the state every page's state extends).
mock: setup
	$(BIN)/python -m vinr_docs.fake --port $(PORT) $(if $(PAGE),--page $(PAGE))

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

## .github/workflows/: actionlint and zizmor (offline), zero findings.
lint-workflows: setup
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/zizmor --offline .github/workflows

## VINR_STRICT=1: missing isolation or a missing runtime fails verification instead of a notice.
## `build` is what the publishing workflow runs; the tests then reuse its sample verdicts.
test: setup system-deps lint lint-spec lint-workflows build
	VINR_STRICT=1 $(BIN)/python -m pytest

bench: setup system-deps
	$(BIN)/python scripts/bench_build.py
	$(BIN)/python scripts/bench_sandbox.py
	$(BIN)/python scripts/bench_site.py
	$(BIN)/python scripts/bench_tryit.py
	$(BIN)/python scripts/bench_publish.py

clean:
	rm -rf site build .pytest_cache .cache
