# detente — make demo | make test | make eval | make bench
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: setup demo test eval bench clean

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

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py --shared $(SHARED)

clean:
	rm -rf out .pytest_cache .hypothesis benchmarks/_corpus
