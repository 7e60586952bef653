# Rassegna: the two Quick start commands are `make run` and `make test`.
# Both install what is missing (Debian packages), configure and build first.

BUILD_DIR ?= build
DB ?= data/rassegna.db
HOST ?= 127.0.0.1
PORT ?= 8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test build deps test-deps index serve bench quality screenshot clean

run: deps build index
	@if [ -x $(BUILD_DIR)/rassegna-server ]; then \
	  echo "Rassegna is serving $(DB) at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"; \
	  exec $(BUILD_DIR)/rassegna-server --db $(DB) --host $(HOST) --port $(PORT) --web web; \
	else \
	  $(BUILD_DIR)/rassegna-search --db $(DB) --facets tiktok; \
	fi

test: test-deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test
	@if [ -f tests/e2e/package.json ] && [ ! -d tests/e2e/node_modules ]; then \
	  cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error; fi

build:
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

index: build
	@mkdir -p $(dir $(DB))
	@$(BUILD_DIR)/rassegna-index --db $(DB) corpus/

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
