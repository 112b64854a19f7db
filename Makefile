# The two set-up commands of the README, and the steps behind them.
#   make run   - virtualenv, install, migrate, load the seed data, serve on http://127.0.0.1:8000 (SQLite)
#   make test  - virtualenv, install, Chromium and the npm packages the browser tests use, nginx, the whole
#                test suite (DATABASE_URL=postgres://... runs it on PostgreSQL)
#   make serve - the production path on one machine: gunicorn on ADDRESS (README, "Production")

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n auto

CHROMIUM ?= /usr/bin/chromium
NGINX ?= /usr/sbin/nginx

.PHONY: run serve test check api-contract install install-dev browser-deps system-deps messages lock bench

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py export_data --if-changed
	$(BIN)/python manage.py runserver $(ADDRESS)

# The production path on one machine, on ADDRESS: the production settings; migrate, collect the static
# files, seed a database that holds no records, rebuild the bulk download if the records changed, then
# gunicorn with deploy/gunicorn.conf.py (WEB_WORKERS and WEB_THREADS default from the cores). SECRET_KEY,
# ALLOWED_HOSTS and SECURE_SSL_REDIRECT come from the environment or .env; what neither sets falls back
# so that a fresh machine starts (SERVE_FALLBACKS): the key generated once into var/secret_key (mode 600,
# never committed: var/ is git-ignored), the host of ADDRESS and localhost, and no redirect to HTTPS unless
# BEHIND_TLS_PROXY is on: served as plain HTTP on loopback there is no HTTPS to go to, while behind the TLS
# proxy every request arrives as HTTPS. deploy/ runs the same behind nginx under systemd.
serve: install var/secret_key
	$(SERVE) manage.py migrate --noinput
	$(SERVE) manage.py collectstatic --noinput --verbosity 0
	$(SERVE) manage.py seed --if-empty
	$(SERVE) manage.py export_data --if-changed
	exec $(SERVE) -m gunicorn -c deploy/gunicorn.conf.py config.wsgi

SERVE = env $$($(BIN)/python -c "$$SERVE_FALLBACKS" "$(ADDRESS)") DJANGO_SETTINGS_MODULE=config.settings.production \
	ADDRESS="$(ADDRESS)" $(BIN)/python

# NAME=value for each of make serve's fallbacks that neither the environment nor .env sets (read as the
# settings read .env, without exporting the rest of it).
define SERVE_FALLBACKS_PY
import os, sys, environ
class Environment(environ.Env):
    ENVIRON = dict(os.environ)
Environment.read_env(".env", overwrite=False)
env = Environment()
with open("var/secret_key") as key:
    fallbacks = {"SECRET_KEY": key.read().strip(), "ALLOWED_HOSTS": sys.argv[1].rpartition(":")[0] + ",localhost"}
if not env.bool("BEHIND_TLS_PROXY", default=False):
    fallbacks["SECURE_SSL_REDIRECT"] = "off"
print(*(f"{name}={value}" for name, value in fallbacks.items() if not env.str(name, default="")))
endef
serve: export SERVE_FALLBACKS = $(SERVE_FALLBACKS_PY)

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' >$@

# REQUIRE_BROWSER, REQUIRE_NGINX: here a missing browser or nginx fails their tests (plain pytest skips them).
test: install-dev browser-deps system-deps
	REQUIRE_BROWSER=1 CHROMIUM=$(CHROMIUM) REQUIRE_NGINX=1 NGINX=$(NGINX) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium with Playwright and check pages with axe-core (npm).
browser-deps: node_modules/.installed
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The deploy tests check deploy/nginx/records.conf with Debian's nginx (nginx -t, then a run of their own in front
# of gunicorn); the service the package starts on port 80 is stopped again.
system-deps:
	@test -x $(NGINX) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx \
		&& (service nginx stop >/dev/null 2>&1 || true))

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Benchmarks (bench/README.md). `make bench`: the page weight, then the API's event list against Datasette
# on the same rows and a bare Django view (wrk; BENCH_EVENTS, default 100000, on SQLite under var/bench/, or
# BENCH_DATABASE_URL=postgres://...). `make bench-scale`: p95 of every endpoint type at 10k, 100k and 1M events
# on PostgreSQL, into docs/performance.md. `make bench-smoke`: seconds, no timings (what CI may run).
# Datasette lives in a virtualenv of its own (var/bench/venv, pinned in requirements-bench.txt); wrk comes
# from Debian.
BENCH_VENV := var/bench/venv

.PHONY: bench-deps bench-smoke bench-scale lock-bench

bench: install bench-deps
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/throughput.py

bench-smoke: install bench-deps
	$(BIN)/python bench/throughput.py --smoke

bench-scale: install bench-deps
	$(BIN)/python bench/scale.py

bench-deps: $(BENCH_VENV)/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) \
		|| (echo "wrk is required: apt-get install wrk" >&2 && false)

$(BENCH_VENV)/.installed: requirements-bench.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Re-pin the benchmark's tools from requirements-bench.in.
lock-bench: install-dev
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url --no-emit-find-links requirements-bench.in -o requirements-bench.txt

# After changing text in templates or code: update the catalogues, translate, then compile them.
# (The two copied third-party templates keep their own packages' translations.)
messages: install-dev
	$(BIN)/python manage.py makemessages -l az -l ar -l ru --no-obsolete \
		--ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='static/*' --ignore='bench/*' --ignore='tools/*' \
		--ignore='var/*' --ignore='templates/admin/import_export/*' --ignore='templates/simple_history/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'

# Lint, formatting, template lint, the import floors, types, migrations in step with the models, the
# production settings' deploy check, and collecting the static files as production does. The settings
# of each tool are in pyproject.toml; .pre-commit-config.yaml runs the quick ones on each commit.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=records.example.org DJANGO_SETTINGS_MODULE=config.settings.production \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	# Static files as production collects them: hashed and compressed; a missing reference fails here.
	SECRET_KEY=collectstatic ALLOWED_HOSTS=records.example.org DJANGO_SETTINGS_MODULE=config.settings.production \
		$(BIN)/python manage.py collectstatic --noinput --clear --verbosity 0

# The live API against its OpenAPI document: gunicorn on a throwaway SQLite database, schemathesis with a
# fixed seed (SCHEMATHESIS_SEED, SCHEMATHESIS_EXAMPLES to vary it). See .ci/api-contract.
api-contract: install-dev
	.ci/api-contract

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Re-pin every dependency (direct and transitive) from requirements*.in.
lock: install-dev
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url --no-emit-find-links requirements.in -o requirements.txt
	$(BIN)/pip-compile --quiet --strip-extras --no-header --allow-unsafe --no-emit-index-url --no-emit-find-links requirements-dev.in -o requirements-dev.txt
