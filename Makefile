# province40 — the two commands are `make run` and `make test` (see README.md).
# Everything installs from the package registries into .venv/ and service/frontend/node_modules/.

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STORE   ?= var/store
HOST    ?= 127.0.0.1
PORT    ?= 8000
# server processes: auto = 2 for a read-only store (no update token, no tokens file), else 1 (README, "The query path")
PROCESSES ?= auto
VENDOR  := service/province40/api/static/vendor/yasgui
SWAGGER := service/province40/api/static/vendor/swagger-ui
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup vendor browser store build serve docs bench hardening lint lock clean curation-table notebooks notebooks-clean template-screenshot virtuoso wrk

## run: set up, build the store from ontology/ shapes/ data/, serve on http://$(HOST):$(PORT)
run: setup vendor store
	$(BIN)/province40 serve --store $(STORE) --host $(HOST) --port $(PORT) --processes $(PROCESSES)

## test: set up (Python, YASGUI, Debian chromium and Virtuoso) and run the test suite
test: setup vendor browser virtuoso
	$(BIN)/pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

vendor: $(VENDOR)/yasgui.min.js

$(VENDOR)/yasgui.min.js: service/frontend/package.json service/frontend/package-lock.json
	npm ci --prefix service/frontend --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(VENDOR)
	cp service/frontend/node_modules/@zazuko/yasgui/build/yasgui.min.js \
	   service/frontend/node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/
	cp service/frontend/node_modules/@zazuko/yasgui/package.json $(VENDOR)/package.json
	mkdir -p $(SWAGGER)
	cp service/frontend/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   service/frontend/node_modules/swagger-ui-dist/swagger-ui.css \
	   service/frontend/node_modules/swagger-ui-dist/package.json $(SWAGGER)/

## browser: Debian's chromium + chromium-driver (and Thai fonts) for the page tests
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi loma; then \
	  echo "chromium, chromedriver and Thai fonts are installed"; \
	else \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-thai-tlwg; \
	fi

## virtuoso: Debian's Virtuoso Open Source 7 binaries (virtuoso-t, isql-vt), the second remote engine the
## tests start on loopback (only the -bin package: no system service is installed or started)
virtuoso:
	@if [ -x /usr/bin/virtuoso-t ] && [ -x /usr/bin/isql-vt ]; then \
	  echo "virtuoso-t and isql-vt are installed"; \
	else \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource-7-bin; \
	fi

## store: (re)build the embedded store when a source file changed
store: $(STORE)/CURRENT

$(STORE)/CURRENT: $(VENV)/.installed $(shell find ontology shapes data -name '*.ttl' -not -path 'data/examples/*' 2>/dev/null)
	$(BIN)/province40 build --store $(STORE)

build: setup
	$(BIN)/province40 build --store $(STORE)

serve: setup vendor
	$(BIN)/province40 serve --store $(STORE) --host $(HOST) --port $(PORT) --processes $(PROCESSES)

## docs: HTML documentation of the ontology (pyLODE) in build/docs/ (not committed)
docs: setup
	mkdir -p build/docs
	cat ontology/*.ttl > build/docs/province40-ontology.ttl
	$(BIN)/pylode build/docs/province40-ontology.ttl -o build/docs/ontology.html
	@echo "wrote build/docs/ontology.html"

## curation-table: every curated link (item, target, criterion, confidence, rationale) as CSV for reviewers,
## generated from the built store into build/ (not committed)
curation-table: store
	mkdir -p build
	$(BIN)/province40 query --store $(STORE) --file service/province40/queries/list-curated-links.rq --format csv > build/curated-links.csv
	@echo "wrote build/curated-links.csv ($$(($$(wc -l < build/curated-links.csv) - 1)) curated links)"

## template-screenshot: the README's picture of the import template as LibreOffice opens it
## (service/docs/import-template.png). Installs Debian's libreoffice-calc-nogui and poppler-utils (with
## sudo when not root); not part of `make test`.
template-screenshot: setup
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || \
	  ($(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	   $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libreoffice-calc-nogui poppler-utils)
	rm -rf build/screenshot && mkdir -p build/screenshot service/docs
	$(BIN)/province40 template --output build/screenshot/template.xlsx --province TH-84 --store build/screenshot/none
	cd build/screenshot && soffice --headless --convert-to pdf template.xlsx >/dev/null
	pdftoppm -png -singlefile -r 300 -f 1 -l 1 -x 200 -y 270 -W 2500 -H 370 build/screenshot/template.pdf service/docs/import-template
	@echo "wrote service/docs/import-template.png"

## wrk: Debian's HTTP load generator, which drives the look-up benchmark (a Python client on two shared
## cores would measure itself rather than the servers)
wrk:
	@if [ -x /usr/bin/wrk ]; then \
	  echo "wrk is installed"; \
	else \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk; \
	fi

## bench: performance figures with ratios against named baselines (not part of `make test`)
bench: setup vendor wrk
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,bench]"
	$(BIN)/pytest tests/benchmarks -s -q -o addopts="--import-mode=importlib -p no:cacheprovider" -W ignore::DeprecationWarning

## hardening: attack a running server (hostile RDF, SPARQL and HTTP, kill -9 during writes and builds, a full
## disk, schemathesis over the OpenAPI document) and print what happened; minutes, outside `make test`, which
## runs a reduced form. SOAK=600 adds a soak of that many seconds at the benchmark rate (see tests/hardening/README.md).
SOAK ?= 0
hardening: setup vendor
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,hardening]"
	PROVINCE40_HARDENING=full PROVINCE40_SOAK_SECONDS=$(SOAK) $(BIN)/pytest tests/hardening -s -q -p no:randomly -o addopts="--import-mode=importlib -p no:cacheprovider" -W ignore::DeprecationWarning

## notebooks: JupyterLab (from PyPI, the `notebooks` extra) on notebooks/ with this environment as its kernel
## (Python (province40)); starts the service on $(HOST):$(PORT) unless one answers there already, and stops
## it when JupyterLab exits. JUPYTER_ARGS passes options, e.g. JUPYTER_ARGS="--no-browser --port 8890".
JUPYTER_ARGS ?=
JUPYTER_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
READY := $(BIN)/python -c "import sys, httpx; sys.exit(httpx.get('http://$(HOST):$(PORT)/readyz', timeout=2).status_code != 200)"
notebooks: setup vendor store $(VENV)/.notebooks-installed
	@set -e; \
	if $(READY) 2>/dev/null; then \
	  echo "notebooks: using the service that answers on http://$(HOST):$(PORT)"; \
	else \
	  mkdir -p var; \
	  $(BIN)/province40 serve --store $(STORE) --host $(HOST) --port $(PORT) > var/notebooks-service.log 2>&1 & pid=$$!; \
	  trap 'kill $$pid 2>/dev/null || true' EXIT INT TERM; \
	  tries=0; until $(READY) 2>/dev/null; do \
	    tries=$$((tries + 1)); \
	    if [ $$tries -gt 150 ] || ! kill -0 $$pid 2>/dev/null; then \
	      echo "notebooks: the service did not start; see var/notebooks-service.log" >&2; exit 1; fi; \
	    sleep 0.2; done; \
	  echo "notebooks: started the service on http://$(HOST):$(PORT) (pid $$pid, log var/notebooks-service.log)"; \
	fi; \
	PROVINCE40_ENDPOINT=http://$(HOST):$(PORT)/sparql $(BIN)/jupyter lab --notebook-dir=notebooks $(JUPYTER_ROOT) $(JUPYTER_ARGS)

$(VENV)/.notebooks-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,notebooks]"
	$(BIN)/python -m ipykernel install --sys-prefix --name province40 --display-name "Python (province40)"
	touch $@

## notebooks-clean: strip outputs, execution counts and machine-specific metadata from notebooks/*.ipynb
notebooks-clean: setup
	$(BIN)/nbstripout --extra-keys "metadata.language_info" notebooks/*.ipynb

lint: setup
	$(BIN)/ruff check service tests
	$(BIN)/mypy

## lock: pin every dependency (run after changing pyproject.toml), the notebooks, bench and hardening extras included; pins already
## in requirements.lock are kept (LOCK_KEEP= re-pins everything to the newest allowed versions)
LOCK_KEEP ?= -c requirements.lock
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24"
	build/lock-venv/bin/python -m pip install --quiet $(LOCK_KEEP) -e ".[dev,notebooks,bench,hardening]"
	build/lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
	rm -rf build/lock-venv

clean:
	rm -rf $(VENV) var build service/frontend/node_modules $(VENDOR) $(SWAGGER)
