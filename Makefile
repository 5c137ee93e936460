# The README's two commands are `make run` and `make test`; every target is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app specifier
ASSETS := specifier/static/build
export HF_HUB_OFFLINE := 1

.PHONY: install run test lint format serve system-packages db model assets evaluate benchmark load \
	load-downloads

install: $(VENV)/.installed $(ASSETS)/.built db model

# The .pth file puts this folder on the venv's path, so `flask --app specifier ...` works from
# any directory (as `flask match` is scripted against).
$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "social-value-specifier.pth").write_text("$(CURDIR)\n")'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's images go to $(ASSETS)/assets/ (the assets path set in app.scss): its CSS
# refers to them. Its fonts (GDS Transport, for GOV.UK only) are not used: we set Arial.
GOVUK_FRONTEND := node_modules/govuk-frontend/dist/govuk
$(ASSETS)/.built: node_modules/.installed Makefile $(wildcard specifier/assets/*)
	mkdir -p $(ASSETS)
	rm -rf $(ASSETS)/assets && mkdir -p $(ASSETS)/assets
	cp -R $(GOVUK_FRONTEND)/assets/images $(ASSETS)/assets/images
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
		--quiet-deps specifier/assets/app.scss $(ASSETS)/app.css
	cp $(GOVUK_FRONTEND)/govuk-frontend.min.js $(ASSETS)/govuk-frontend.min.js
	cp specifier/assets/*.mjs specifier/assets/*.svg $(ASSETS)/
	touch $@

assets: $(ASSETS)/.built

db: $(VENV)/.installed
	$(FLASK) init-db

# The sentence model as ONNX in $SPECIFIER_MODEL_DIR (default instance/models/), exported once
# from the bundled weights (about 5 s).
# Matching exports it itself if it is missing; this just spares the first match the wait.
model: $(VENV)/.installed
	$(BIN)/python -c "from specifier.matching.embeddings import onnx_file; onnx_file()"

run: install
	$(FLASK) load-samples --if-empty
	@echo "Open http://127.0.0.1:5000 and sign in as admin@hatherdale.example (or admin@kilbrannan.example,"
	@echo "admin@cwm-aderyn.example) with the local development password: local-development-only"
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production server: gunicorn on wsgi.py (SPECIFIER_ENV=production; set SPECIFIER_SECRET_KEY).
serve: install
	$(BIN)/gunicorn --config gunicorn.conf.py

# 50 users of three councils browsing, matching, exporting and saving (choosing outcomes, editing,
# duplicating, importing, adding people) for 60 s against gunicorn on 127.0.0.1.
load: install
	tests/load/run.sh

# Another council's page times while 16 viewers download a large specification, with the export
# limits as shipped and lifted (about four minutes).
load-downloads: install
	$(BIN)/python tests/load/downloads.py

# Tests drive Debian's Chromium, open the Word files in LibreOffice (pdftotext reads them back) and
# recalculate the commitments workbook in LibreOffice Calc. As root we install them; otherwise we
# say how.
SYSTEM_PACKAGES := chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
CALC := /usr/lib/libreoffice/program/libsclo.so
system-packages:
	@command -v chromium >/dev/null && command -v soffice >/dev/null && test -e $(CALC) && command -v pdftotext >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
		else echo "Tests need: sudo apt-get install -y $(SYSTEM_PACKAGES)"; exit 1; fi; }

test: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

evaluate: install
	$(FLASK) evaluate

benchmark: install
	$(BIN)/python -m specifier.matching.benchmark
	$(BIN)/python -m specifier.specification.benchmark
	$(BIN)/python -m specifier.matching.cache_timing
	$(BIN)/python -m specifier.accounts.benchmark

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .
