# Two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

CHROMIUM := /usr/bin/chromium
OPENAI_WHISPER := 20250625
UV := 0.13.8
# Where the CPU torch wheel lies on this project's machines (DESIGN.md): PyPI's torch 2.13.0 is a
# CUDA build, so the test lock pins 2.13.0+cpu from here.
TORCH_WHEELS ?= /opt/wheels

.PHONY: run test install install-openai-whisper lock lint bench bench-pages clean browser redis voikko espeak translations

# Every package is installed from a lock, by version and sha256, dependencies of dependencies too
# (README, "Dependencies"). pip and setuptools are in the locks, so the venv's own pip is not
# upgraded from the index unchecked, and the project and openai-whisper build without build
# isolation, which would fetch setuptools unchecked.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# openai-whisper has a lock of its own, installed without dependencies: its requirements pull
# triton (1 GB, GPU only) and an unpinned torch (a CUDA build); the test lock has what it needs.
$(TEST_STAMP): requirements-test.lock requirements-openai-whisper.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps --no-build-isolation -r requirements-openai-whisper.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(STAMP)

install: $(STAMP)

# The alternative engine, for `stories worker --engine openai-whisper`: the test set holds its
# extra, so the engine runs with the very versions its tests passed with.
install-openai-whisper: $(TEST_STAMP)

# Re-resolves the locks after a change to pyproject.toml, keeping every pin that still fits;
# `make lock UPGRADE=--upgrade` moves them all to the newest. For CPython 3.11 on Linux x86-64
# (Debian 12's glibc), any patch release: resolved for 3.11.0, with the markers kept, so a
# dependency only older releases need is listed and skipped by newer ones. uv reads no pip.conf:
# it resolves against PyPI (the local indexes serve the same files) and TORCH_WHEELS, trusting the
# system's certificates as pip does.
LOCK = $(BIN)/uv pip compile --quiet --system-certs --generate-hashes --no-strip-markers --python-version 3.11 \
  --python-platform x86_64-manylinux_2_36 --find-links $(TORCH_WHEELS) --custom-compile-command 'make lock' \
  $(UPGRADE)
BUILD_TOOLS = printf 'pip\nsetuptools>=68\n'

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV)
	$(BUILD_TOOLS) | $(LOCK) pyproject.toml - -o requirements.lock
	$(BUILD_TOOLS) | $(LOCK) pyproject.toml - --extra test --extra openai-whisper -c requirements.lock \
	  -o requirements-test.lock
	echo 'openai-whisper==$(OPENAI_WHISPER)' | $(LOCK) - --no-deps -o requirements-openai-whisper.lock

run: $(STAMP) voikko
	$(BIN)/stories init
	$(BIN)/stories serve

# The only system programs anything here starts (README, "What the Makefile installs").
# Installing them is part of the test setup: a failure stops `make test` rather than
# letting their tests skip quietly.
APT_INSTALL = apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

# Page tests drive Debian's Chromium (Playwright cannot download its own here).
browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  $(APT_INSTALL) chromium >/dev/null; } \
	  || { echo "Could not install chromium with apt (as root): the browser tests need it"; exit 1; }

# The scale-out and worker-crash tests start their own throwaway Debian redis-server.
redis:
	@command -v redis-server >/dev/null || { echo "Installing Debian's redis-server for the queue tests"; \
	  $(APT_INSTALL) redis-server >/dev/null; } \
	  || { echo "Could not install redis-server with apt (as root): the queue tests need it"; exit 1; }

# Finnish morphology for the theme tagger (analyse/finnish.py): the library and its dictionary.
voikko:
	@dpkg -s libvoikko1 voikko-fi >/dev/null 2>&1 || \
	  { echo "Installing Debian's libvoikko1 and voikko-fi for Finnish analysis"; \
	  $(APT_INSTALL) libvoikko1 voikko-fi >/dev/null; } \
	  || { echo "Could not install libvoikko1 voikko-fi with apt (as root): Finnish analysis needs them"; exit 1; }

# espeak-ng reads planted details aloud for bench/pii_spoken.py.
espeak:
	@command -v espeak-ng >/dev/null || { echo "Installing Debian's espeak-ng for the spoken benchmarks"; \
	  $(APT_INSTALL) espeak-ng >/dev/null; } \
	  || { echo "Could not install espeak-ng with apt (as root): bench/pii_spoken.py needs it"; exit 1; }

test: $(TEST_STAMP) browser redis voikko
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest --durations=25

# After changing interface strings: re-extract them, merge them into each language's .po
# (translate the new entries there), then compile the .mo files, which are committed with them.
# Two catalogues: the form's (collect/, Flask-Babel) and the archive's (publish/, Jinja's i18n).
EXTRACT = $(BIN)/pybabel extract -k N_ --add-location=file --sort-by-file --project Stories --version 0.1.0 \
  --copyright-holder "Stories contributors"
translations: $(STAMP)
	$(EXTRACT) -F collect/babel.cfg -k lazy_gettext -o collect/translations/messages.pot .
	$(BIN)/pybabel update -i collect/translations/messages.pot -d collect/translations --width 100
	$(BIN)/pybabel compile -d collect/translations --statistics
	$(EXTRACT) -F publish/babel.cfg -o publish/translations/messages.pot .
	$(BIN)/pybabel update -i publish/translations/messages.pot -d publish/translations --width 100
	$(BIN)/pybabel compile -d publish/translations --statistics

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(TEST_STAMP) redis voikko espeak
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/upload.py
	$(BIN)/python bench/transcribe.py
	$(BIN)/python bench/analyse.py
	$(BIN)/python bench/pii.py
	$(BIN)/python bench/pii_independent.py
	$(BIN)/python bench/archive.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/resume.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/withdraw.py

# Lighthouse (npm, pinned by bench/package-lock.json) scores the pages with Debian's Chromium.
bench-pages: $(STAMP) browser
	cd bench && npm ci --no-audit --no-fund --silent
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
