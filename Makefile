# detente — make demo | make test | make eval | make bench
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup demo test eval bench clean dicts

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out/demo
	$(BIN)/detente run examples/corpus --out out/demo || [ $$? -eq 1 ]
	@echo
	@echo "First articles (out/demo/articles.jsonl):"
	@$(BIN)/detente show out/demo --limit 3
	@echo
	@echo "Russia-NATO, as coded from the sample corpus (detente dyad RUS NATO --out out/demo --freq year):"
	@COLUMNS=160 $(BIN)/detente dyad RUS NATO --out out/demo --freq year
	@echo
	@echo "Report: out/demo/report.html (open it in any browser, offline)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m detente.evaluation --shared $(SHARED)

# 10-11 minutes on 2 quiet cores (up to ~15 under load): clean/dedup/store (5,000 dumps), NLP + pipeline (200 dumps, and 400 for
# linearity), analysis + report (10,000 and 100,000 events); see benchmarks/README.md. Every script runs
# even if one before it crashed; the target fails if any did.
bench: $(STAMP)
	@rc=0; \
	$(BIN)/python benchmarks/bench_clean.py --shared $(SHARED) || rc=1; \
	$(BIN)/python benchmarks/bench_nlp.py --shared $(SHARED) || rc=1; \
	$(BIN)/python benchmarks/bench_analysis.py || rc=1; \
	exit $$rc

clean:
	rm -rf out .pytest_cache .hypothesis benchmarks/_corpus

# Regenerate the shipped data converted from PETRARCH2's dictionaries in $(SHARED)/reference/petrarch2
# (MIT notice and provenance in each file's header): actors -> detente/data/actors/phoenix_*.yaml.
dicts: $(STAMP)
	$(BIN)/python -m detente.actors.phoenix --source $(SHARED)/reference/petrarch2 --out detente/data/actors
