# The README's two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup data lint notebooks bench faults clean

demo: data
	$(BIN)/chapter5 verify

# two workers with one OpenMP thread each: two threads apiece would fight over the cores
test: data lint
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n 2

# re-execute every notebook from notebooks/src and store its outputs (NB=5.5-lenet for one)
notebooks: data
	$(BIN)/python tools/notebooks.py build $(NB)

# the fast path against the book's harness (and PyTorch): prints the figures of the README
bench: data
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/lenet_recipe.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/against_commit.py HEAD~1
	$(BIN)/python benchmarks/im2col.py
	$(BIN)/python benchmarks/cores.py

# kill a training run at 30 random moments and resume it each time (benchmarks/kill_resume.py)
faults: data
	$(BIN)/python benchmarks/kill_resume.py

lint: setup
	$(BIN)/ruff check chapter5 tests tools benchmarks

setup: $(STAMP)

# the venv, the pinned stack and this package (editable, so notebooks see it)
$(STAMP): setup.py
	@sh tools/check-python.sh "$(PYTHON)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Fashion-MNIST from Debian's package, checked by content
data: setup
	@$(BIN)/chapter5 data >/dev/null 2>&1 || sh tools/install-data.sh
	$(BIN)/chapter5 data

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
