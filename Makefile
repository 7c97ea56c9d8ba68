# Two commands: `make run` (set up and serve the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1:8000

.PHONY: run test setup lint fmt messages compilemessages worker beat bench clean

$(STAMP): pyproject.toml
	@sh scripts/ensure-venv.sh $(PYTHON) $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) compilemessages

compilemessages: $(STAMP)
	@sh scripts/ensure-gettext.sh
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver $(HOST)

test: setup
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(STAMP)
	$(PY) manage.py makemessages -a --no-obsolete --add-location file --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv -v 0

worker: setup
	$(VENV)/bin/celery -A portal worker -l info

beat: setup
	$(VENV)/bin/celery -A portal beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler

# Load benchmark on PostgreSQL (BENCH_DATABASE_URL); see bench/README.md.
bench: setup
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
