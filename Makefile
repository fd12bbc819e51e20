# Two commands do everything on a bare machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# requirements.txt: what production runs (the Dockerfile installs only it); requirements-dev.txt: it and the test,
# lint and bench tools. Development and CI install both.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-8)
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | md5sum | cut -c1-8)
# Python keeps what it compiles (.pyc, and pytest's rewritten test modules) even where the machine's environment says
# not to: every process after the first (xdist workers, the Celery workers and servers tests start, CI's second leg)
# then starts from the cache instead of compiling the project and its libraries again (collection: 12 s -> 4 s).
unexport PYTHONDONTWRITEBYTECODE
# This installation's own random SECRET_KEY (mode 0600) when none is set; production sets SECRET_KEY instead.
KEY_FILE := $(or $(ROMANTIK_VAR_DIR),var)/secret_key

.PHONY: run test test-quick test-durations setup migrate seed messages lint serve check bench bench-national bench-national-quick

run: setup migrate seed serve

setup: $(STAMP) $(NODE_STAMP) $(KEY_FILE) messages

$(KEY_FILE):
	$(PYTHON) -I romantik/keys.py $@

# uv installs the pinned requirements into the virtualenv: ~8 s on a fresh machine where pip took ~40 s (CI builds
# the environment afresh every run). It comes from PyPI like everything else, pinned here. The virtualenv is made
# without pip and uv put into it by the machine's pip (0.1 + 3.5 s, against 7.4 + 2.7 s for ensurepip and then
# pip in the new environment); a Python without pip falls back to ensurepip.
UV_VERSION := 0.13.10
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	$(VENV)/bin/uv --version 2>/dev/null | grep -q '^uv $(UV_VERSION) ' || $(PYTHON) -m pip install --quiet \
		--disable-pip-version-check --no-warn-script-location --prefix $(VENV) uv==$(UV_VERSION) \
		|| { $(PY) -m ensurepip >/dev/null && $(PY) -m pip install --quiet uv==$(UV_VERSION); }
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

messages: $(STAMP) $(KEY_FILE)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: setup
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo

serve: $(KEY_FILE)
	bin/serve

# pytest-xdist: TEST_WORKERS processes, a file each at a time (module-scoped worlds are built once per file).
# Each worker has its own var/ folder, Redis database and PostgreSQL test database (tests/pytest_env.py).
TEST_WORKERS ?= 2
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The whole suite, writing each file's seconds to tests/durations.json: xdist hands the heaviest files out first
# (tests/conftest.py heaviest_files_first). Run it after adding a slow file; commit the file it writes.
test-durations: setup
	ROMANTIK_RECORD_DURATIONS=1 $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# While working: everything but the browser, PostgreSQL-only and slow tests, on the embedded default.
test-quick: setup
	env -u DATABASE_URL -u CELERY_BROKER_URL -u EMAIL_URL \
		$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not browser and not postgres and not slow" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: setup
	$(PY) bench/letter_render.py
	$(PY) bench/letters.py
	$(PY) bench/office_queue.py --sizes 500

# National scale on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/romantik_bench make bench-national
# (creates the database when missing, migrates, seeds it once with seed_bench, then measures; docs/PERFORMANCE.md).
# Over real HTTP (gunicorn) and in-process (bench/national.py) at 10k and 100k submissions (DATABASE_URL's database
# holds the 100k, <its name>_10000 the 10k); bench-national-quick: 2k and 10k, a few minutes.
bench-national: setup
	$(PY) bench/http_national.py $(BENCH_ARGS)

bench-national-quick: setup
	$(PY) bench/http_national.py --quick $(BENCH_ARGS)
