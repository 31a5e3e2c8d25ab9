# SmartPick SoCal - two commands that work on a fresh machine:
#   make run        set up .venv, install pinned deps, start the dashboard on the bundled data
#   make test       the full suite: `make check`, then every test (Debian chromium and postgresql are installed first)
# While you work:
#   make test-fast  unit, property, golden and AppTest tests in about a minute: no apt, no browser, no PostgreSQL
#   make check      ruff, mypy and the layering contract (import-linter)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-fast check data-audit facts-eval setup setup-dev browser postgres bench calibration calibration-fit screenshots clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

# Headless Chromium from Debian for the real-browser tests (Playwright's own download does not work here);
# poppler-utils (pdftotext, pdfinfo) checks the printable plan printed to PDF.
browser:
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils; fi; }

# Debian's PostgreSQL server for the store tests: tests/store starts a throwaway cluster of its own
# (initdb in a temp dir, a free port, as the postgres user when root) and never uses the system cluster.
postgres:
	@{ ls /usr/lib/postgresql/*/bin/initdb || command -v initdb; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi; }

run: setup
	$(PY) -m smartpick_app.serve --server.port $(PORT) --browser.gatherUsageStats false

# The full suite. Browser and PostgreSQL tests run in their own process after the rest (they start servers).
test: check browser postgres
	$(PY) -m pytest -n 2 -m "not e2e" -p no:cacheprovider
	$(PY) -m pytest -m "e2e and not slow" -p no:cacheprovider
	$(PY) -m pytest -n 2 -m "e2e and slow" -p no:cacheprovider
	$(PY) scripts/data_audit.py
	$(PY) scripts/calibrate.py
	$(PY) scripts/facts_eval.py

# The fast loop: everything but the real-browser tests (e2e), the PostgreSQL half of the store tests and the
# calibration table (`make calibration`); two workers. `make test` runs all of it.
test-fast: setup-dev
	$(PY) -m pytest -n 2 -m "not e2e and not postgres and not slow" -p no:cacheprovider -q

check: setup-dev
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

# The program data's audit (issue 24): facts known by basis and age, duplicate keys, points off their site, kinds
# against the sponsor rule, rows on old lists; fails on a duplicate key, a point off its site or an unexplained kind.
data-audit: setup
	$(PY) scripts/data_audit.py

# The eligibility-page extractor and the roster counter against labelled pastes: precision and recall per fact type
# on the held-out corpora (heldout_2's statements, heldout_4's rosters; never used to tune the rules), then the second
# checks and, labelled as such, the dev corpora; fails below precision 95% or recall 80% on a held-out corpus.
# `make test` runs it last.
facts-eval: setup
	$(PY) scripts/facts_eval.py

# The model against NRMP in the default view (IM, FM, Peds, Psych, Neuro, Path): bins, population, interview counts,
# fit band coverage and width, and the assumptions moved one at a time; fails if a goal is missed (frozen fit, no refit).
calibration: setup
	$(PY) scripts/calibrate.py

# Refit anchor, Step 2 CK weight and strength spread per specialty in the default view, with the bootstrap fit band and
# the held-out coverage (minutes): rewrites data/calibration/model_fit.csv and coverage.csv (then regenerate goldens).
calibration-fit: setup
	$(PY) scripts/calibrate.py --fit

# README images: every page for both worked examples (../shared/DOMAIN.md), 1280x720, full page, into docs/screenshots/.
# `make test` never writes there (its screenshots go to the ignored test-results/).
screenshots: setup-dev browser
	$(PY) scripts/screenshots.py

bench: setup-dev
	$(PY) -m pytest tests/bench --benchmark-enable --benchmark-only -p no:cacheprovider
	$(PY) scripts/bench_memory.py
	$(PY) scripts/bench_cli.py
	$(PY) scripts/bench_browser.py --sidebar --baseline scripts/bench_baseline.json
	$(PY) scripts/bench_load.py --baseline scripts/bench_baseline.json
	$(PY) scripts/bench_ws_load.py --sessions 10 --n 10

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks
