# Amelio — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/amelio/ui/static/vendor
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck install assets messages bench bench-indicators bench-cockpit bench-compliance bench-documents bench-fmea e2e crawl clean serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons/fonts $(VENDOR)/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css $(VENDOR)/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/* $(VENDOR)/bootstrap-icons/fonts/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/

# make demo PORT=8001 serves the demo on another port than 8000.
demo: install
	@echo "Loading the demo; it will be served on http://127.0.0.1:$(or $(PORT),8000) (another port: make demo PORT=8001)"
	$(BIN)/amelio demo --addrport 127.0.0.1:$(or $(PORT),8000)

serve: install
	$(BIN)/amelio serve

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src/amelio
	$(BIN)/amelio makemigrations --check --dry-run

test: install lint
	$(BIN)/pytest -q

e2e: install
	$(BIN)/pytest -q -m e2e tests/e2e

crawl: install
	$(BIN)/pytest -q -m crawl tests/crawl

bench: install
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.cockpit

bench-cockpit: install
	$(BIN)/python -m tests.bench.cockpit

bench-indicators: install
	$(BIN)/python -m tests.bench.indicators

bench-compliance: install
	$(BIN)/python -m tests.bench.compliance

bench-documents: install
	$(BIN)/python -m tests.bench.documents

bench-fmea: install
	$(BIN)/python -m tests.bench.fmea

messages: $(STAMP)
	cd src/amelio && ../../$(BIN)/amelio makemessages -l fr --no-obsolete --add-location file
	cd src/amelio && ../../$(BIN)/amelio makemessages -d djangojs -l fr --no-obsolete --add-location file
	cd src/amelio && ../../$(BIN)/amelio compilemessages

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
