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

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
