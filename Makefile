# Two commands for a fresh machine: `make demo` and `make test`.
# Both install what is missing: Debian packages, .venv with the CPU torch wheel, then the package.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages: the German Hunspell dictionary and its headers (for the checker), the English one
# (for the QA: which English words are written lower-case) and the German-English dictionary
# trans-de-en (suggestions for untranslated English); for the tests also
# Chromium, which Playwright drives for the review page (never `playwright install`), and PostgreSQL,
# of which the tests start a throwaway cluster for the store's tests.
DEBIAN      := hunspell-de-de hunspell-en-us libhunspell-dev trans-de-en
DEBIAN_TEST := chromium postgresql

.PHONY: demo test test-fast lint install clean

demo: $(STAMP)  ## translate the seed article to English
	$(BIN)/mt translate seeds/lavrov-talks.de.txt

test: lint  ## lint and type checks, then every test (offline, with the bundled model)
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN) $(DEBIAN_TEST)"  # also those added since .venv was made
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

test-fast: $(STAMP)  ## the tests not marked slow (no subprocess model loads, servers, browser, wheel): under a minute
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)  ## ruff (lint and format) and mypy (strict on the core modules)
	$(BIN)/ruff check mt tests eval
	$(BIN)/ruff format --check mt tests eval
	$(BIN)/mypy

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory debian PACKAGES="$(DEBIAN)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,cluster]'
	$(BIN)/python -c 'from mt.lang.dictionary import dictionary; dictionary()'  # read trans-de-en once, cache it
	$(BIN)/python -m mt.training.count_collocations --if-present  # count clean German's collocations (../shared/data/train), cache them
	touch $(STAMP)

# Install the Debian packages in $(PACKAGES) that are missing (as root, or through sudo).
.PHONY: debian
debian:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache
