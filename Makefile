# Two commands for a fresh machine: `make demo` and `make test`.
# Both create .venv and install what is missing (the CPU torch wheel first, then the package).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

demo: $(STAMP)  ## translate the seed article to English
	$(BIN)/mt translate seeds/lavrov-talks.de.txt

test: $(STAMP)  ## run the test suite (offline, with the bundled model)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

install: $(STAMP)

# Debian packages: the German Hunspell dictionary and its headers (for the checker), the
# German-English dictionary trans-de-en (suggestions for untranslated English), and Chromium
# for the browser test of the review page (driven by Playwright; never `playwright install`).
DEBIAN := hunspell-de-de libhunspell-dev trans-de-en chromium

$(STAMP): pyproject.toml
	@missing=$$(for p in $(DEBIAN); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
