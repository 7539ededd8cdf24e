# Two commands on a fresh machine (Python 3.11, nothing installed):
#   make run    install into .venv on first use, analyse seeds/, write reports/seeds/
#   make test   install into .venv on first use, run the test suite
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet torch==2.13.0 -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/claims analyze seeds --out reports/seeds

test: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_seeds.py

clean:
	rm -rf $(VENV) reports/seeds
