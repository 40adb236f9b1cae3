# Huanjie — the two commands a new machine needs are `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed
APT_PKGS := fonts-noto-cjk libharfbuzz-subset0 gettext chromium poppler-utils
# Debian's nginx and openssl for `make deploy-check` (the TLS proxy of the image, run on the host).
DEPLOY_APT_PKGS := nginx-light openssl
export PIP_CONSTRAINT := $(CURDIR)/config/build-constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup system-packages deploy-packages run test lint format bench bench-scale postgres-up messages deploy-check \
  cluster-check assets

setup: system-packages $(STAMP) messages assets

# Fonts for Chinese PDFs, HarfBuzz's subsetter (a one-page Chinese PDF takes ~5 s without it, ~70 ms with it),
# gettext for the English catalogue and Chromium for the browser tests.
system-packages:
	@$(MAKE) --no-print-directory apt-install PKGS="$(APT_PKGS)"

deploy-packages:
	@$(MAKE) --no-print-directory apt-install PKGS="$(DEPLOY_APT_PKGS)"

.PHONY: apt-install
apt-install:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	  fi; \
	fi

# Every package from the hashed lock (the runtime's and the tests'), then the project itself alone.
$(STAMP): pyproject.toml requirements-dev.lock
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --require-hashes -r requirements-dev.lock
	$(PIP) install -q --no-deps -e .
	touch $(STAMP)

# Front-end packages from the npm registry (ECharts for the campaign statistics), pinned with
# their integrity hashes in package-lock.json: `npm ci` installs exactly those (no install
# scripts), then the files the pages load are copied into static/vendor/, which is not committed
# and which collectstatic collects with the project's own static files. Never a CDN.
VENDOR := static/vendor
ECHARTS := $(VENDOR)/echarts/echarts.min.js
# Tom Select: the search-as-you-type pickers of organisations (issue 16: a province has 100,000).
TOMSELECT := $(VENDOR)/tom-select/tom-select.complete.min.js
assets: $(ECHARTS) $(TOMSELECT)

$(ECHARTS): package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt-install PKGS="nodejs npm"
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(@D)
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE $(@D)/
	touch $@

$(TOMSELECT): $(ECHARTS) Makefile
	mkdir -p $(@D)
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js \
	  node_modules/tom-select/dist/js/tom-select.complete.min.js.map \
	  node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css \
	  node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map \
	  node_modules/tom-select/LICENSE $(@D)/
	touch $@

messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then DEBUG=true $(PY) manage.py compilemessages -v 0 --ignore=.venv; \
	else echo "gettext is not installed: the English interface will fall back to Chinese."; fi

run: setup
	DEBUG=true $(PY) manage.py migrate --no-input -v 0
	DEBUG=true $(PY) manage.py seed_demo --if-empty
	# The development server; on PostgreSQL (DATABASE_URL) also one job worker (run_dev).
	DEBUG=true $(PY) manage.py run_dev 127.0.0.1:8000

# The suite on every core (pytest-xdist: each worker has its own test database, media folder,
# live server and browser). `make test TEST_WORKERS=0` runs it in one process, as a plain
# `pytest tests/x.py` does.
TEST_WORKERS ?= auto
test: setup
	DEBUG=true $(PY) -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint templates --check
	$(PY) -m djlint templates --lint
	$(PY) -m mypy --strict elections/domain
	.venv/bin/lint-imports

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Reproducible installs: requirements.lock (run time), requirements-dev.lock (run time and tests)
# and requirements-build.lock (setuptools and wheel from requirements-build.in, what pip builds
# sdists with), every file pinned with its SHA-256. `make lock` regenerates them with pip-tools,
# keeping the pins that still fit; `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest.
# tests/test_install.py checks that the two locks pin the run time alike.
.PHONY: lock wheelhouse
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" .venv/bin/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

# Optional extras the image installs (e.g. --extra NAME) go into the runtime lock too.
RUNTIME_EXTRAS := --extra sentry

lock:
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q "pip-tools>=7.4,<8"
	$(PIP_COMPILE) $(LOCK_FLAGS) $(RUNTIME_EXTRAS) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) $(LOCK_FLAGS) $(RUNTIME_EXTRAS) --extra test --output-file requirements-dev.lock pyproject.toml
	$(PIP_COMPILE) $(LOCK_FLAGS) --output-file requirements-build.lock requirements-build.in

# Every file an offline (intranet) install needs, for this machine's Python and platform: see README.
wheelhouse: requirements.lock requirements-build.lock
	rm -rf wheelhouse
	python3 -m pip download -q --no-deps --require-hashes -d wheelhouse -r requirements.lock -r requirements-build.lock
	@echo "wheelhouse/: $$(ls wheelhouse | wc -l) files"

# `make bench BENCH=login_load` runs tests/bench/bench_login_load.py alone (through nginx and the two
# gunicorn pools, as deploy-check builds them; BENCH_RUNS, BENCH_PRIORITY, BENCH_LAYOUT=single).
bench: setup deploy-packages
	@for f in tests/bench/bench_$(or $(BENCH),*).py; do DEBUG=true PYTHONPATH=.:tests/bench $(PY) $$f || exit 1; done

# The image's layout on this host (no Docker needed): collectstatic with DEBUG=false, the light and
# heavy gunicorn pools with config/gunicorn.py, Debian's nginx routing between them with a generated
# certificate on loopback ports, then login, dashboard and a PDF through nginx over HTTPS
# (deploy/check.py). Prints its wall time.
# Issue 16: province scale (100,000 organisations, 3,000,000 members) on PostgreSQL, seeded once by
# seed_scale into SCALE_DATABASE_URL (default huanjie_scale), then 45 s of load on gunicorn.
# Not part of `make test`; see tests/bench/scale_load.py for the knobs.
bench-scale: setup postgres-up
	DEBUG=false PYTHONPATH=.:tests/bench $(PY) tests/bench/scale_load.py

postgres-up:
	@pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || { \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -n 1)" main start; \
	  for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432

deploy-check: deploy-packages $(STAMP) assets
	$(PY) deploy/check.py

# Two app nodes behind one nginx on one PostgreSQL (a throw-away database on CLUSTER_CHECK_POSTGRES,
# default postgres://postgres@127.0.0.1:5432/postgres) and the job worker when there is one; a
# whole renewal walked with each request on the other node (deploy/cluster.py). Prints its wall time.
cluster-check: deploy-packages $(STAMP) assets
	$(PY) deploy/cluster.py
