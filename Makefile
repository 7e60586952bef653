# Rassegna: the two Quick start commands are `make run` and `make test`.
# Both install what is missing (Debian packages), configure and build first.

BUILD_DIR ?= build
DB ?= data/rassegna.db
HOST ?= 127.0.0.1
PORT ?= 8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: package test-package demo-remote bench-remote run test build deps test-deps index serve bench quality screenshot clean test-asan test-asan-ci test-tsan fuzz

run: deps build index
	@if [ -x $(BUILD_DIR)/rassegna-server ]; then \
	  echo "Rassegna is serving $(DB) at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"; \
	  exec $(BUILD_DIR)/rassegna-server --db $(DB) --host $(HOST) --port $(PORT) --web web; \
	else \
	  $(BUILD_DIR)/rassegna-search --db $(DB) --facets tiktok; \
	fi

test: test-deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (its own build folder);
# any report fails the test that caused it.
ASAN_DIR ?= build-asan
SAN_ENV = ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp
test-asan: test-deps
	@cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRASSEGNA_SANITIZE=address -DRASSEGNA_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR) -j$(JOBS) $(if $(ASAN_TARGETS),--target $(ASAN_TARGETS))
	cd $(ASAN_DIR) && $(SAN_ENV) ctest --output-on-failure -j$(JOBS) $(CTEST_ARGS)

# What CI runs under ASan/UBSan: the unit and API tests (the API tests start real servers and
# run the request fuzzer), built alone to keep CI short.
test-asan-ci:
	@$(MAKE) --no-print-directory test-asan ASAN_TARGETS="unit_tests api_tests rassegna-server" CTEST_ARGS="-L 'unit|api'"

# The server and concurrency tests under ThreadSanitizer.
TSAN_DIR ?= build-tsan
test-tsan: test-deps
	@cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRASSEGNA_SANITIZE=thread -DRASSEGNA_BENCH=OFF >/dev/null
	@cmake --build $(TSAN_DIR) -j$(JOBS) --target api_tests
	cd $(TSAN_DIR) && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/sanitizers/tsan.supp" \
	  ctest --output-on-failure -R '^api$$'

# libFuzzer targets (fuzz/README.md), built with clang in their own folder, each run for
# FUZZ_SECONDS; crashes land in fuzz/findings/.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/install-deps.sh --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRASSEGNA_SANITIZE=fuzzer -DRASSEGNA_FUZZ=ON -DRASSEGNA_TESTS=OFF -DRASSEGNA_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j$(JOBS) --target fuzzers
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test
	@if [ -f tests/e2e/package.json ] && [ ! -d tests/e2e/node_modules ]; then \
	  cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error; fi

build:
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

# The demo index (the default DB, made from corpus/) is rebuilt when an older build of another
# schema version wrote it (core/include/rassegna/schema.h): a newer indexer refuses to write into
# it. A DB given on the command line is never removed: its error says how to rebuild it.
SCHEMA_VERSION := $(shell sed -n 's/.*kSchemaVersion = "\([0-9]*\)".*/\1/p' core/include/rassegna/schema.h)
DEMO_STAMP := $(DB).schema

index: build
	@mkdir -p $(dir $(DB))
	@if [ "$(DB)" = "data/rassegna.db" ] && [ -d "$(DB)" ] && [ "$$(cat $(DEMO_STAMP) 2>/dev/null)" != "$(SCHEMA_VERSION)" ]; then \
	  echo "make: $(DB) was written by an older build (schema $$(cat $(DEMO_STAMP) 2>/dev/null || echo 2 or older)): rebuilding it from corpus/"; \
	  rm -rf "$(DB)"; \
	fi
	@$(BUILD_DIR)/rassegna-index --db $(DB) corpus/
	@if [ "$(DB)" = "data/rassegna.db" ]; then echo "$(SCHEMA_VERSION)" > $(DEMO_STAMP); fi

serve: build
	$(BUILD_DIR)/rassegna-server --db $(DB) --host $(HOST) --port $(PORT) --web web

bench: build
	@scripts/install-deps.sh --bench
	bench/run.sh

# Ranking quality against the peers on known-item query sets (docs/quality.md);
# QUALITY_SETS="reuters21578 en-reuters-financial" picks the sets.
quality: build
	BUILD=$(abspath $(BUILD_DIR)) bench/quality/run.sh $(QUALITY_SETS)

screenshot: test-deps build
	RASSEGNA_BUILD_DIR=$(BUILD_DIR) RASSEGNA_SCREENSHOT=docs/screenshot.png node tests/e2e/run.mjs

clean:
	rm -rf $(BUILD_DIR) data

# The Debian package (CPack; cmake/Package.cmake): build/rassegna_VERSION_ARCH.deb.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# Installs that package on this machine, checks and runs its units, searches, then removes and
# purges it (tests/package/package_test.sh). Needs root or sudo: not part of `make test`.
test-package: package
	tests/package/package_test.sh $(BUILD_DIR)

# Remote parts on loopback from a fresh clone: the bundled corpus in 3 parts, each served by
# xapian-tcpsrv, and rassegna-server over the stub listing them (scripts/demo-remote.sh).
demo-remote: deps build
	scripts/demo-remote.sh $(BUILD_DIR) $(PORT)

# Latency over 1, 2 and 3 remote parts against the same articles local (docs/operations.md).
bench-remote: build
	scripts/bench-remote.sh $(BUILD_DIR)
