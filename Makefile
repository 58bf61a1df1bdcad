# weft: build and test entry points (CMake does the building).
#
#   make            a Release build in build/release (library, weft CLI, tests)
#   make test       install missing packages, then: Release build + ctest,
#                   ASan/UBSan build + ctest, libFuzzer run (FUZZ_SECONDS)
#   make example    render examples/blog with the weft CLI
#   make clean      remove build/

ROOT    := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILD   := $(ROOT)/build
# The conformance corpora live beside the repository, in ../shared/.
CORPUS  := $(abspath $(ROOT)/../shared/conformance/django/cases.json)
JOBS    ?= 2
FUZZ_SECONDS ?= 60
CMAKE_FLAGS := -DWEFT_DJANGO_CORPUS=$(CORPUS) -Wno-dev

export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1
# The tests that run under ThreadSanitizer: the threaded ones.
TSAN_TESTS := stress unit_cache unit_threads unit_custom unit_stateful_isolation
empty :=
space := $(empty) $(empty)

.PHONY: all release asan tsan fuzz test test-release test-python test-asan test-tsan test-fuzz deps example bench clean

all: release

deps:
	@$(ROOT)/scripts/install-deps.sh

release:
	@cmake -S $(ROOT) -B $(BUILD)/release -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/release -j$(JOBS)

# gcc, the compiler the code is written against, with ASan and UBSan.
asan:
	@cmake -S $(ROOT) -B $(BUILD)/asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=gcc \
		-DWEFT_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/asan -j$(JOBS)

# ThreadSanitizer, for the threaded tests only (it is slow).
tsan:
	@cmake -S $(ROOT) -B $(BUILD)/tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=gcc \
		-DWEFT_TSAN=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/tsan -j$(JOBS) --target $(TSAN_TESTS)

# libFuzzer needs clang.
fuzz:
	@cmake -S $(ROOT) -B $(BUILD)/fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
		-DWEFT_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)/fuzz -j$(JOBS) --target fuzz_render

test: deps
	@$(MAKE) --no-print-directory test-release
	@$(MAKE) --no-print-directory test-python
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-tsan
	@$(MAKE) --no-print-directory test-fuzz
	@echo "make test: all passed"

test-release: release
	@cd $(BUILD)/release && ctest --output-on-failure

# The Python package, installed as the README says (Debian's Python, a venv
# that sees Debian's packages, no index), then its pytest suite.
PYTHON_VENV := $(BUILD)/python-venv
test-python:
	@/usr/bin/python3 -m venv --system-site-packages $(PYTHON_VENV)
	@$(PYTHON_VENV)/bin/pip install -q --no-build-isolation --no-index --force-reinstall --no-deps $(ROOT)
	@cd $(ROOT) && $(PYTHON_VENV)/bin/python -m pytest python/tests -q

test-asan: asan
	@cd $(BUILD)/asan && ctest --output-on-failure

# Seeds are the corpus' template sources, written at test time (never
# committed). New inputs the fuzzer finds accumulate in build/fuzz/corpus.
# A crash, sanitizer report, leak or timeout fails the run; its input is kept
# in build/fuzz/artifacts/.
# Any ThreadSanitizer report fails the test (TSan exits with 66).
test-tsan: tsan
	@cd $(BUILD)/tsan && ctest --output-on-failure -R '^($(subst $(space),|,$(TSAN_TESTS)))$$'

test-fuzz: fuzz
	@rm -rf $(BUILD)/fuzz/seeds && mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/artifacts
	@python3 $(ROOT)/scripts/fuzz-seeds.py $(CORPUS) $(BUILD)/fuzz/seeds
	@python3 $(ROOT)/scripts/fuzz-seeds.py $(ROOT)/tests/libraries/cases.json $(BUILD)/fuzz/seeds
	@echo "fuzz_render: running for $(FUZZ_SECONDS) s (log: build/fuzz/fuzz.log)"
	@if $(BUILD)/fuzz/fuzz/fuzz_render -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/artifacts/ \
		$(BUILD)/fuzz/corpus $(BUILD)/fuzz/seeds >$(BUILD)/fuzz/fuzz.log 2>&1; then \
		grep -E '^(Done|stat::number_of_executed_units)' $(BUILD)/fuzz/fuzz.log || true; \
	else \
		tail -n 60 $(BUILD)/fuzz/fuzz.log; echo "fuzz_render: FAILED"; exit 1; \
	fi

example: deps release
	@$(BUILD)/release/weft render index.html --dir $(ROOT)/examples/blog/templates \
		--context $(ROOT)/examples/blog/context.json \
		--time-zone Europe/Paris --now 2024-03-05T09:30:00

# Benchmarks against Django and Jinja2 (bench/README.md).
bench: release
	@$(ROOT)/scripts/install-deps.sh bench
	@python3 $(ROOT)/bench/run.py --build $(BUILD)/release

clean:
	rm -rf $(BUILD)
