# The README's two commands: `make demo` and `make test`. Both set everything up first.
# the user's python3 (3.10-3.14, 3.14 untested; tools/check-python.sh refuses others, saying what to do)
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(PYVER)

.PHONY: demo test setup data programs lint notebooks site bench faults pythons clean

demo: data
	$(BIN)/chapter5 verify

# two workers with one OpenMP thread each: two threads apiece would fight over the cores
test: data programs lint
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n 2

# re-execute every notebook from notebooks/src and store its outputs (NB=5.5-lenet for one)
notebooks: data programs
	@sh tools/install-fonts.sh
	$(BIN)/python tools/notebooks.py build $(NB)

# the chapter as a web book in site/ (Chinese home page, the stored notebooks, offline math and search)
site: setup
	$(BIN)/python tools/web_book.py

# Debian's graphviz (the notebooks' network figures) and chromium + chromium-driver (the web book's
# browser test), installed with apt when root (tools/install-programs.sh)
programs:
	@sh tools/install-programs.sh

# the fast path against the book's harness, the stock d2lzh and PyTorch: the figures of docs/benchmarks.md
# (about 45 minutes here; pause long runs first: tools/pause.sh stop)
bench: data
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/lenet_recipe.py
	$(BIN)/python benchmarks/throughput.py lenet lenet_bn lenet_bn_scratch --batches 100 --rounds 3
	$(BIN)/python benchmarks/throughput.py googlenet resnet18 densenet --batches 5 --rounds 3
	$(BIN)/python benchmarks/throughput.py alexnet vgg11_small nin --batches 5
	$(BIN)/python benchmarks/throughput.py vgg11 --batches 2
	$(BIN)/python benchmarks/against_commit.py HEAD~1
	$(BIN)/python benchmarks/speedrun.py
	$(BIN)/python benchmarks/speedrun_profile.py --target 0.93
	$(BIN)/python benchmarks/speedrun_profile.py --target 0.945
	$(BIN)/python benchmarks/im2col.py
	$(BIN)/python benchmarks/cores.py

# kill a training run at 30 random moments and resume it each time (benchmarks/kill_resume.py)
faults: data
	$(BIN)/python benchmarks/kill_resume.py

lint: setup
	$(BIN)/ruff check chapter5 tests tools benchmarks _chapter5_startup.py

setup: $(STAMP)

# the venv (made again for another Python), the pinned stack and this package (editable, so the
# notebooks see it); pip install -e installs no data files, so the start-up hook's .pth is copied
# into site-packages here (a plain `pip install .` installs it itself)
$(STAMP): setup.py
	@sh tools/check-python.sh "$(PYTHON)"
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$(PYVER)" ]; then \
		echo "$(VENV) has another Python: making it again with $(PYTHON)"; rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --only-binary=numpy -e '.[test]'
	@# MXNet 1.9.1 declares numpy<2: where numpy 2 is used (Python 3.13+) it comes without its declared
	@# dependencies (setup.py lists the real ones); elsewhere it is installed already and this does nothing
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps mxnet==1.9.1
	$(BIN)/python -c "import shutil, sysconfig; shutil.copy('chapter5-startup.pth', sysconfig.get_path('purelib'))"
	touch $(STAMP)

# Fashion-MNIST from Debian's package, checked by content
data: setup
	@$(BIN)/chapter5 data >/dev/null 2>&1 || sh tools/install-data.sh
	$(BIN)/chapter5 data

# a venv per supported Python found here (.venvs/X.Y), the package installed as a user would
# (pip install .), then `chapter5 verify` and a short training: one line per interpreter
# (PYTHONS="3.12" for some only)
pythons:
	@sh tools/pythons.sh $(PYTHONS)

clean:
	rm -rf $(VENV) .venvs build site *.egg-info .pytest_cache .ruff_cache
