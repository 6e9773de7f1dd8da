# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Prefect must not try to phone home from machines without internet.
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

RAW ?= raw
STAGING ?= staging
CURATED ?= curated

PORT ?= 4200

.PHONY: install run test serve bench readme screenshot authority clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/archive-pipeline run --raw-dir $(RAW) --staging-dir $(STAGING) --curated-dir $(CURATED)

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/python -m flows.serve --port $(PORT)

# The benchmark: 1,000, 10,000 and 30,000 pages and the whole archive, about 40 minutes; not part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# The built authority (pipeline/data/authority_built.tsv.gz) from the persons database, the rules and staging/.
HSG ?= ../shared/data/hsg-people/people.tsv
authority: $(STAMP)
	$(BIN)/archive-pipeline authority build --hsg $(HSG) --staging-dir $(STAGING)

# The README's generated sections (data dictionary, accuracy table) from what they describe.
readme: $(STAMP)
	$(BIN)/python -m pipeline.evaluate tests/labelled/titles.csv --write
	$(BIN)/python -m pipeline.writing.readme

# The README's picture of the report (docs/report.png), taken by the report's browser test.
screenshot: $(STAMP)
	ARCHIVE_PIPELINE_SCREENSHOT=$(CURDIR)/docs/report.png $(BIN)/python -m pytest -q tests/test_outputs.py \
		-k report_draws_every_chart

clean:
	rm -rf $(STAGING)/*.parquet $(STAGING)/*.json $(CURATED)/*.csv $(CURATED)/*.parquet $(CURATED)/*.json \
		$(CURATED)/*.duckdb $(CURATED)/*.html $(CURATED)/*.gexf $(CURATED)/*.xml $(CURATED)/spreadsheet $(CURATED)/failed
