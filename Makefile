# Two commands for newcomers: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check review-due readability bench bench-tools measure clean

# Re-install only when the pins change.
$(STAMP): requirements.txt package.json package-lock.json
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 (or run make PYTHON=python3)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; else echo "note: npm not found; browser accessibility tests will be skipped"; fi
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/python scripts/check_docs.py
	$(BIN)/python scripts/spellcheck.py

review-due: $(STAMP)
	$(BIN)/python scripts/review_due.py

readability: $(STAMP) build
	$(BIN)/python scripts/readability.py site

test: $(STAMP)
	$(BIN)/mkdocs build --strict
	$(BIN)/python scripts/check_docs.py
	$(BIN)/python scripts/spellcheck.py
	$(BIN)/python -m pytest

# Benchmarks and measurements print figures; they are not tests (see README).
bench-tools: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	npm install --silent --no-audit --no-fund --prefix .cache/bench-tools markdown-link-check@3.15.0

bench: bench-tools
	$(BIN)/python scripts/bench_glossary.py
	$(BIN)/python scripts/bench_checker.py

measure: build
	$(BIN)/python scripts/lighthouse.py site
	$(BIN)/python scripts/page_weight.py site
	$(BIN)/python scripts/screenshots.py site build-artifacts/screenshots

clean:
	rm -rf site .pytest_cache build-artifacts
