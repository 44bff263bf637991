# The two commands of the README: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint format bench messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/pybabel compile --statistics -d locale -D django

seed: migrate
	$(BIN)/python manage.py seed_demo

# Web server and a real Celery worker (with beat) side by side; Ctrl-C stops both.
run: seed
	@$(BIN)/python manage.py run_portal --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pybabel compile --statistics -d locale -D django
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nggs

# Benchmarks on PostgreSQL; results go to docs/benchmarks.md.
bench: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python -m bench $(BENCH)

clean:
	rm -rf var staticfiles .pytest_cache
