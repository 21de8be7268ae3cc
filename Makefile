# RPL Care: the two quickstart commands are `make run` and `make test`.
.PHONY: run test lint install install-test format docs clean

VENV := .venv
# `make run PORT=8080` when 8000 is taken; `make run LAN=1` lets a phone on the same network
# try the site (demo data only).
PORT ?= 8000
LAN ?=
BIN := $(VENV)/bin

install:  ## Python environment from uv.lock, plus the system packages the app needs
	@scripts/system-deps.sh app
	@scripts/bootstrap.sh

install-test:  ## everything `install` does, plus chromium and PostgreSQL for the tests
	@scripts/system-deps.sh test
	@scripts/bootstrap.sh

run: install  ## migrate the SQLite database, load demo data, serve on http://127.0.0.1:8000/
	@$(BIN)/rpl demo --quiet-if-loaded --port $(PORT)
	@$(BIN)/rpl serve --port $(PORT) $(if $(LAN),--lan)

test: install-test  ## every test: lint, types, unit, CLI, web (SQLite and PostgreSQL), browser
	@scripts/run-tests.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .tools var .pytest_cache .mypy_cache .ruff_cache .hypothesis
