# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sqlite:///khabar.db
MUC4 ?= ../shared/data/muc4_dev.jsonl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo serve test lint types pytest audit fuzz chromium train lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/khabar --db $(DB) db upgrade
	$(BIN)/khabar --db $(DB) gazetteer build
	$(BIN)/khabar --db $(DB) actors seed
	$(BIN)/khabar --db $(DB) ingest examples/
	$(BIN)/khabar --db $(DB) users add admin --role admin --email admin@localhost \
		--generate-password --exists-ok --by "make demo"
	$(BIN)/khabar --db $(DB) serve

serve: install
	$(BIN)/khabar --db $(DB) serve

# Debian's Chromium drives the browser tests; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core; }

lint: install
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

types: install
	$(BIN)/mypy

# `slow` tests (the big fuzz run, SIGKILL fault injection) run in `make fuzz`, not here.
# One worker per core (pytest-xdist), each test file on one worker so that its module fixtures
# are built once; each worker has its own PostgreSQL database (tests/conftest.py).
# The slowest tests are listed at the end, so that a run near the 20-minute budget says where.
pytest: install chromium
	$(BIN)/pytest -m "not slow" --numprocesses auto --dist loadfile --durations=15

# pip-audit over requirements.lock; warns and passes when the vulnerability service is unreachable.
audit: install
	$(BIN)/python tools/audit.py

# The slow tests: >= 100,000 generated inputs (KHABAR_FUZZ_EXAMPLES, shared among the fuzz
# tests), KHABAR_ATHERIS_RUNS libFuzzer inputs into each of the HTML, feed and WARC parsers,
# and 20 SIGKILLs of `khabar ingest` on SQLite and on PostgreSQL.
KHABAR_FUZZ_EXAMPLES ?= 100000
KHABAR_ATHERIS_RUNS ?= 10000
fuzz: install
	KHABAR_FUZZ_EXAMPLES=$(KHABAR_FUZZ_EXAMPLES) KHABAR_ATHERIS_RUNS=$(KHABAR_ATHERIS_RUNS) \
		$(BIN)/pytest -m slow

test: lint types pytest audit

# Regenerate the pinned versions after changing dependencies in pyproject.toml.
# Retrains the role tagger shipped in src/khabar/nlp/models/roles (docs/evaluation.md).
train: install
	$(BIN)/khabar train roles $(MUC4)

lock:
	rm -rf /tmp/khabar-lock && $(PYTHON) -m venv /tmp/khabar-lock
	/tmp/khabar-lock/bin/pip install --quiet --upgrade pip
	/tmp/khabar-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/khabar-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache tests/artifacts
