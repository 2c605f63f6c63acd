# xxgk — the two set-up commands are `make run` and `make test` (see README.md).
PY      := .venv/bin/python
STAMP   := .venv/.installed
ARGS    ?=

.PHONY: run serve index status test lint format bench bench-quick eval bench-extract bench-metadata bench-memory bench-reindex bench-reindex-load bench-load bench-scale bench-build-timeline browser-deps ingest-deps bench-ocr bench-engines bench-segment bench-export eval-articles eval-everyday clean

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

## index: new generation reading only new/changed files (the weekly job; ARGS=--full reads
## every file); the server switches when it is done
index: $(STAMP)
	$(PY) -m indexer index $(ARGS)

status: $(STAMP)
	$(PY) -m indexer status

## test: install what the tests need (Debian's chromium and a CJK font for the browser tests; Tesseract,
## poppler-utils, antiword and catdoc for OCR and old Word files) and run them
test: $(STAMP) browser-deps ingest-deps
	$(PY) -m pytest $(ARGS)

browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else \
	    echo "chromium or its CJK font (fonts-wqy-microhei) is missing and this is not root: browser tests may be skipped"; \
	  fi; \
	fi

# OCR (tesseract + chi_sim, pdftoppm) and .doc/.wps/.ppt readers; about 60 MB. Without them
# (not root) indexing still runs: scans and old Word files are reported, not read.
INGEST_PKGS := tesseract-ocr tesseract-ocr-chi-sim poppler-utils antiword catdoc
ingest-deps:
	@if ! command -v tesseract >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
	    || ! command -v antiword >/dev/null 2>&1 || ! command -v catdoc >/dev/null 2>&1 \
	    || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(INGEST_PKGS) >/dev/null; \
	  else \
	    echo "OCR/antiword not installed and this is not root: those tests will be skipped (apt-get install $(INGEST_PKGS))"; \
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

## bench-load: the real server under 1/8/32 clients, 1 process vs one per core, and across a
## rebuild's switch (loopback only, bounded; ARGS="--index DIR" reuses a built index)
bench-load: $(STAMP)
	$(PY) bench/load.py $(ARGS)

## bench-scale: generate N documents (bench/scale_corpus.py), build them with xxgk and the stock
## recipe (N/10), serve and time every query kind over HTTP; figures beside issue 9's targets
N ?= 100000
ENGINE ?= whoosh
bench-scale: $(STAMP)
	$(PY) bench/scale.py --n $(N) --engine $(ENGINE) $(ARGS)

## bench-build-timeline: where a Whoosh build's memory grows: every process's RSS twice a second
## beside the build's marked steps, for N generated documents (default 10000 here: ARGS sets
## --code OLD, --trace STEP, --probe)
bench-build-timeline: $(STAMP)
	$(PY) bench/build_timeline.py --n $(if $(filter command line,$(origin N)),$(N),10000) $(ARGS)

## eval: nDCG@10 / MRR / recall@100 of ours vs the baseline and BM25 (judged set + STARD)
eval: $(STAMP)
	$(PY) bench/eval.py $(ARGS)

## eval-articles: STARD at article level (R@10, R@100, MRR@10) on the dev split, ours vs BM25 vs prior
eval-articles: $(STAMP)
	$(PY) bench/eval_articles.py --ablate --latency $(ARGS)

## eval-everyday: short everyday questions (bench/queries/everyday.tsv): is the first answer the article?
eval-everyday: $(STAMP)
	$(PY) bench/eval_everyday.py $(ARGS)

## bench-extract: extract ../shared/corpus/originals; per-format counts, CJK share, similarity;
## then the per-class table of the hard cases (bench/hard_cases.py) and OCR per page on the
## scanned originals, before/after the image clean-up (bench/ocr_originals.py)
bench-extract: $(STAMP)
	$(PY) bench/extract.py $(ARGS)
	$(PY) bench/hard_cases.py
	$(PY) bench/ocr_originals.py

## bench-ocr: image clean-up before OCR, step by step on generated phone scans and faxes
## (bench/ocr_steps.py); pages/s of one long scan, 1 worker vs 2 (bench/ocr_pages.py)
bench-ocr: $(STAMP)
	$(PY) bench/ocr_steps.py
	$(PY) bench/ocr_pages.py

## bench-metadata: field accuracy of the metadata rules on ../shared/corpus/docs.jsonl.gz;
## then the per-class table of the hard cases (bench/hard_cases.py)
bench-metadata: $(STAMP)
	$(PY) bench/metadata_check.py ../shared/corpus/docs.jsonl.gz $(ARGS)
	$(PY) bench/hard_cases.py

## bench-memory: server RSS after a 1,000-request mix from 8 threads, file handles vs mmap
bench-memory: $(STAMP)
	$(PY) bench/memory.py $(ARGS)

## bench-export: /export (CSV, XLSX), /feed and /stats against the results page, same run
bench-export: $(STAMP)
	$(PY) bench/staff_desk.py $(ARGS)

## bench-reindex: full build vs unchanged and 1 %-changed reindex (JSONL corpus, originals);
## checks the updated index equals a full rebuild (every API record, top 10 of 100 queries)
bench-reindex: $(STAMP)
	$(PY) bench/reindex.py $(ARGS)

## bench-reindex-load: 16 clients on the real server while `xxgk index` updates (1 % changed)
## and then rebuilds (--full) the shared corpus index and switches: failures, non-200, p95
bench-reindex-load: $(STAMP)
	$(PY) bench/reindex_load.py $(ARGS)

## bench-engines: Whoosh and tantivy side by side on ../shared/corpus: build rate, nDCG@10 per
## query type, top-10 overlap, latency p50/p95 per kind, query-process RSS (same run)
bench-engines: $(STAMP)
	$(PY) bench/engines.py $(ARGS)

## bench-segment: the index-time cut (jieba-rs, indexer/fastcut.py) against pure jieba on every
## shared-corpus document: documents whose tokens differ (must be 0) and the CPU ratio
bench-segment: $(STAMP)
	$(PY) bench/segment_compare.py $(ARGS)

clean:
	rm -rf var .pytest_cache
