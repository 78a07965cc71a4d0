# Reach: the two commands are `make run` and `make test` (see README.md).
# Everything else here is what those two call, plus linting and benchmarks.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets migrate data serve lint format check-migrations \
        bench-ingest bench-dashboard browser-deps clean messages gettext-deps \
        pdf-deps

## run: install, set up the database with reference and demo data (first time only), serve on 127.0.0.1:8000
run: install assets messages var/secret_key migrate data
	@SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) demo_signins
	SECRET_KEY="$$(cat var/secret_key)" $(PY) scripts/serve.py --host $(HOST) --port $(PORT)

## test: the whole suite (pytest), on SQLite unless DATABASE_URL is set. The browser tests
## run in a process of their own: Playwright keeps an event loop in its thread, which must
## not share a process with tests that use the database directly.
test: install-dev assets messages browser-deps
	SECRET_KEY=insecure-test-only-key $(PY) -m pytest --ignore=tests/browser
	SECRET_KEY=insecure-test-only-key $(PY) -m pytest tests/browser -n 0

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The plain-CSV reader, compiled beside returns/ingest/reader.py (setup.py); needs a C compiler.
NATIVE := returns/ingest/_csvscan$(shell $(PYTHON) -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
$(NATIVE): returns/ingest/native/csvscan.c setup.py $(VENV)/.installed
	$(PY) setup.py --quiet build_ext --inplace --build-temp var/build/temp --build-lib var/build/lib
	touch $@

install: $(VENV)/.installed $(NATIVE) pdf-deps
install-dev: $(VENV)/.installed-dev $(NATIVE) pdf-deps

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## assets: GOV.UK Frontend and MoJ Frontend from the npm registry, copied into static/vendor
static/vendor/.built: node_modules/.installed scripts/build_assets.py
	$(PY) scripts/build_assets.py
	touch $@

assets: install static/vendor/.built

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

migrate: install var/secret_key
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) migrate --no-input
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) collectstatic --no-input --verbosity 0

## data: reference data (idempotent) and the demo data set (only when the database has none)
data: migrate
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) load_reference
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) load_standards
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) load_demo --if-empty
	SECRET_KEY="$$(cat var/secret_key)" $(MANAGE) sweep_submissions --verbosity 0

## messages: compile the Welsh catalogue (locale/cy/LC_MESSAGES/django.po) into the .mo file
## Django reads. The .mo is built, not committed, so it can never drift from the .po.
messages: install gettext-deps
	SECRET_KEY=insecure-build-only-key $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

## gettext-deps: Debian's gettext (msgfmt), which compilemessages needs; elsewhere, says what to install
gettext-deps:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { \
	    echo "The Welsh catalogue needs msgfmt: install GNU gettext (for example 'brew install gettext')." >&2; exit 1; }; \
	  echo "Installing Debian's gettext to compile the Welsh catalogue"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null); }

## browser-deps: Debian's chromium for the browser tests (axe-core, screenshots)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); }

## pdf-deps: Debian's pango (WeasyPrint lays out PDFs with it), Noto Sans (the PDFs' type,
## a local font) and poppler-utils (pdfinfo, pdftotext, pdftoppm: checking PDFs)
pdf-deps:
	@{ ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q NotoSans-Regular \
	  && command -v pdftotext >/dev/null 2>&1; } || { \
	  command -v apt-get >/dev/null 2>&1 || { \
	    echo "PDFs need pango, the Noto Sans font and poppler: install them (for example 'brew install pango poppler')." >&2; exit 1; }; \
	  echo "Installing Debian's pango, Noto fonts and poppler-utils for the PDF writer"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  ($$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils >/dev/null); }

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: install
	SECRET_KEY=insecure-test-only-key $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var/build returns/ingest/_csvscan*.so

## bench-ingest: time a 1,000,000-row upload end to end (read, validate, collapse, store) on SQLite and PostgreSQL
bench-ingest: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_ingest.py

.PHONY: bench-demo
## bench-demo: build the national demo data set (~1M referrals) on SQLite and PostgreSQL, timed
bench-demo: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_demo.py

.PHONY: bench-web-form
## bench-web-form: median time of a web-form page (GET, POST, check your answers) and its inputs, on SQLite and PostgreSQL
bench-web-form: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_web_form.py

.PHONY: bench-downloads
## bench-downloads: a published report's downloads, first request (made) and later ones (kept), on SQLite and PostgreSQL
bench-downloads: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_downloads.py

.PHONY: bench-prune-audit
## bench-prune-audit: delete 50,000 audit records past their time from 300,000 (whole run, longest batch) and time one count of the public rate, on SQLite and PostgreSQL
bench-prune-audit: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_prune_audit.py

.PHONY: serve-production
## serve-production: gunicorn (reach/gunicorn.conf.py) and TASK_WORKERS task workers, on the
## database DATABASE_URL names; the database is migrated and static files collected first.
## Needs SECRET_KEY and ALLOWED_HOSTS in the environment.
TASK_WORKERS ?= 2
serve-production: install assets messages
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(PY) scripts/serve.py --production --host $(HOST) --port $(PORT) --task-workers $(TASK_WORKERS)

.PHONY: bench-load
## bench-load: 50 people for 2 minutes against the production server and task workers, on
## PostgreSQL with the national demo data (reach_bench_load, kept between runs)
bench-load: install-dev assets messages
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_load.py
.PHONY: bench-disclosure
## bench-disclosure: time disclosure control (10-5 rule, secondary suppression, audit) of an area's public tables
bench-disclosure: install
	$(PY) scripts/bench_disclosure.py

.PHONY: bench-dashboard
## bench-dashboard: median render time of an area dashboard with the national data set, on SQLite and PostgreSQL
bench-dashboard: install
	SECRET_KEY=insecure-bench-only-key $(PY) scripts/bench_dashboard.py

.PHONY: data-standard-doc
## data-standard-doc: write docs/data-standard.md from returns/standard.py and the code list files
data-standard-doc: install
	$(PY) scripts/data_standard_doc.py

.PHONY: deadcode
## deadcode: list functions, classes, properties and imports nothing uses (vulture; names
## Django reaches by other means are in scripts/deadcode_whitelist.py). Not part of make test.
deadcode: install-dev
	$(PY) scripts/deadcode.py

.PHONY: fuzz fuzz-ingest fuzz-native fuzz-api
## fuzz: the long passes of generated input (minutes; make test runs short ones)
fuzz: fuzz-ingest fuzz-native fuzz-api

## fuzz-ingest: the upload reader and checks' properties (Hypothesis), 100,000 examples in all
fuzz-ingest: install-dev
	REACH_FUZZ_EXAMPLES=100000 SECRET_KEY=insecure-test-only-key $(PY) -m pytest \
	  tests/returns/ingest/test_fuzz.py tests/returns/ingest/test_properties.py \
	  tests/returns/ingest/test_plain_reader.py -q \
	  --hypothesis-show-statistics

## fuzz-native: the compiled CSV reader built with the address and undefined-behaviour sanitizers, fed 100,000 generated files
fuzz-native: install
	mkdir -p var/build/sanitized
	cc -O1 -g -std=gnu11 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
	  -shared -fPIC -pthread -I"$$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['include'])")" \
	  returns/ingest/native/csvscan.c -o var/build/sanitized/_csvscan.so
	ASAN_OPTIONS=detect_leaks=0 LD_PRELOAD="$$(cc -print-file-name=libasan.so):$$(cc -print-file-name=libubsan.so)" \
	  $(PY) scripts/fuzz_native.py var/build/sanitized/_csvscan.so

## fuzz-api: a long schemathesis pass over the API, random examples (1,000 an operation, both roles)
fuzz-api: install-dev
	SECRET_KEY=insecure-test-only-key REACH_API_EXAMPLES=1000 $(PY) -m pytest tests/api/test_schema_conformance.py -n 0 -q -p no:cacheprovider
