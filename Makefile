# detente — make demo | make test | make eval | make bench
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup demo test eval eval-fast eval-raise-floors eval-accept-lower bench clean dicts train-cleaner

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
	@echo "Workbench: $(BIN)/detente serve --out out/demo  then open http://127.0.0.1:8000/ (add --allow-edits to record corrections)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Every score through `detente run`, per fold; fails when a score falls under its floor in quality_gates.toml
# (re-pin: python -m detente.evaluation --raise-floors, or --accept-lower to lower a floor on purpose).
eval: $(STAMP)
	$(BIN)/python -m detente.evaluation --shared $(SHARED) --gate

# The cleaning gate alone, well under a minute; .ci/run runs it after the tests.
eval-fast: $(STAMP)
	$(BIN)/python -m detente.evaluation --shared $(SHARED) --only cleaning --gate

# Re-pin quality_gates.toml from one full run: raise floors to today's values (never lowers), or accept lower
# values on purpose (also re-pins the eval files' digests); both say what changed.
eval-raise-floors: $(STAMP)
	$(BIN)/python -m detente.evaluation --shared $(SHARED) --gate --raise-floors

eval-accept-lower: $(STAMP)
	$(BIN)/python -m detente.evaluation --shared $(SHARED) --accept-lower

# About 20 minutes on 2 quiet cores (up to ~30 under load): clean/dedup/store (5,000 dumps), NLP + pipeline (200 dumps, and 400 for
# linearity), analysis + report (10,000 and 100,000 events), the web workbench on 100,000 events (~6 min with its store),
# hostile inputs at full size (~4 min); see benchmarks/README.md. Every script runs
# even if one before it crashed; the target fails if any did.
bench: $(STAMP)
	@rc=0; \
	$(BIN)/python benchmarks/bench_clean.py --shared $(SHARED) || rc=1; \
	$(BIN)/python benchmarks/bench_nlp.py --shared $(SHARED) || rc=1; \
	$(BIN)/python benchmarks/bench_realnews.py --shared $(SHARED) || rc=1; \
	$(BIN)/python benchmarks/bench_analysis.py || rc=1; \
	$(BIN)/python benchmarks/bench_web.py || rc=1; \
	$(BIN)/python benchmarks/bench_hostile.py || rc=1; \
	exit $$rc

clean:
	rm -rf out .pytest_cache .hypothesis benchmarks/_corpus

# Regenerate the shipped data converted from PETRARCH2's dictionaries in $(SHARED)/reference/petrarch2
# (MIT notice and provenance in each file's header): actors -> detente/data/actors/phoenix_*.yaml;
# verb patterns -> detente/data/events/petrarch_verbs.yaml.
dicts: $(STAMP)
	$(BIN)/python -m detente.actors.phoenix --source $(SHARED)/reference/petrarch2 --out detente/data/actors
	$(BIN)/detente dict import --kind verbs $(SHARED)/reference/petrarch2/CAMEO.2.0.txt --out detente/data/events/petrarch_verbs.yaml

# Retrain the cleaner's line classifier on $(SHARED)/eval/pagedumps_dev: detente/data/cleaner/model.json (all
# dev pages), fold<k>.json (without fold k, for the cross-validated scores of detente.evaluation.cleaning_folds)
# and PROVENANCE.md (with the folds' cross-validated F1). About two minutes of CPU.
train-cleaner: $(STAMP)
	$(BIN)/python -m detente.clean.train --pages $(SHARED)/eval/pagedumps_dev --out detente/data/cleaner --folds
