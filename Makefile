# xxgk — the two set-up commands are `make run` and `make test` (see README.md).
PY      := .venv/bin/python
STAMP   := .venv/.installed
ARGS    ?=

.PHONY: run serve index status test lint format bench bench-quick browser-deps clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

## run: index the documents folder (if no index yet) and serve the search site
run: $(STAMP)
	$(PY) -m indexer index --if-missing
	$(PY) -m indexer serve

serve: $(STAMP)
	$(PY) -m indexer serve

## index: full rebuild into a new generation (the weekly job); the server switches when done
index: $(STAMP)
	$(PY) -m indexer index

status: $(STAMP)
	$(PY) -m indexer status

## test: install what the tests need (Debian's chromium for the browser tests) and run them
test: $(STAMP) browser-deps
	$(PY) -m pytest $(ARGS)

browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is not installed and this is not root: browser tests will be skipped"; \
	  fi; \
	fi

lint: $(STAMP)
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## bench: index ../shared/corpus/docs.jsonl.gz with our analyzer and the stock one; query mix
bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf var .pytest_cache
