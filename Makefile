# The README's two commands: `make demo` and `make test`. Both set everything up first.
# the user's python3 (3.10-3.14, 3.14 untested; tools/check-python.sh refuses others, saying what to do)
PYTHON ?= python3
PYVER := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(PYVER)
ARCH := $(shell uname -m | sed 's/^arm64$$/aarch64/')
LOCK := requirements/lock/py$(PYVER)-$(ARCH).txt
UV := .tools/bin/uv
WHEELHOUSE ?=
WHEELHOUSE_PYTHONS ?= 3.10 3.11 3.12 3.13
WHEELHOUSE_PLATFORMS ?= x86_64 aarch64

.PHONY: demo test setup data programs graphviz torch lint notebooks site bench faults pythons clean lock \
	lock-check wheelhouse offline-check colab-check arm64-check container-check

demo: data graphviz
	$(BIN)/chapter5 verify

# two workers with one OpenMP thread each: two threads apiece would fight over the cores
test: data programs torch lint
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
	@sh tools/install-programs.sh all

# graphviz alone: what the notebooks' network figures need (make demo), from WHEELHOUSE when given
graphviz:
	@sh tools/install-programs.sh graphviz $(WHEELHOUSE)

# the fast path against the book's harness, the stock d2lzh and PyTorch: the figures of docs/benchmarks.md
# (about 45 minutes here; pause long runs first: tools/pause.sh stop)
bench: data torch
	@# torch is locked for Python 3.11 on x86_64 (make torch); elsewhere pip brings PyPI's build
	$(BIN)/python -c 'import torch' 2>/dev/null || $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
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

# the venv (made again for another Python) from the hash lock of this Python and machine, then this
# package (editable, so the notebooks see it) and the start-up hook's .pth: tools/install-venv.sh.
# WHEELHOUSE=DIR installs from a folder made by make wheelhouse, with no network (docs/install.md)
$(STAMP): setup.py $(wildcard $(LOCK))
	@sh tools/install-venv.sh "$(PYTHON)" $(VENV) $(WHEELHOUSE)
	touch $(STAMP)

# the tests' PyTorch twins: torch's CPU build from its own lock, where this machine holds the wheel
torch: setup
	@sh tools/install-torch.sh $(VENV)

# requirements/lock/: one hash lock per Python and platform, made by uv (pinned in requirements/tools.txt)
lock: $(UV)
	$(PYTHON) tools/lock.py $(UV)

# the committed locks are what make lock makes now (it reads PyPI: a few minutes)
lock-check: $(UV)
	$(PYTHON) tools/lock.py $(UV) --check

$(UV): requirements/tools.txt
	@sh tools/check-python.sh "$(PYTHON)"
	test -x .tools/bin/python || $(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/tools.txt
	touch $(UV)

# every file the venv and the data need, in one folder to copy to a classroom without internet:
# make wheelhouse WHEELHOUSE=DIR [WHEELHOUSE_PYTHONS="3.11 3.12"] [WHEELHOUSE_PLATFORMS="x86_64"];
# there, make demo WHEELHOUSE=DIR (docs/classroom.md)
wheelhouse:
	@sh tools/check-python.sh "$(PYTHON)"
	$(PYTHON) tools/wheelhouse.py build $(or $(WHEELHOUSE),build/wheelhouse) \
		--pythons $(WHEELHOUSE_PYTHONS) --platforms $(WHEELHOUSE_PLATFORMS)

# a notebook's first cell in a Colab-like Python 3.13 venv (Colab's published versions): installing
# chapter5 into the running kernel changes none of them, and the notebook runs to its end
# (tools/colab_check.py; a few minutes; NB=5.1-conv-layer for another notebook)
colab-check: setup
	@py=$$(sh tools/find-python.sh 3.13) || { echo "make colab-check needs Python 3.13 (Colab's)"; exit 1; }; \
	OMP_NUM_THREADS=1 $(BIN)/python tools/colab_check.py --python "$$py" $(if $(NB),--notebook $(NB))

# linux/arm64 under emulation: Debian 12 arm64 (debootstrap, qemu-user-static), the project's bare-Debian
# install inside it, chapter5 verify and a short LeNet training (tools/arm64-check.sh; root; long: see
# docs/platforms.md for its time)
arm64-check:
	@sh tools/arm64-check.sh

# the Dockerfile's image built and run with Debian's podman (base made from Debian's packages: no
# registry here), chapter5 verify inside it, Jupyter on 127.0.0.1 with its token (tools/container-check.sh)
container-check:
	@sh tools/container-check.sh

# make wheelhouse for this Python and machine, then make demo WHEELHOUSE=... from a copy of the
# project inside a network namespace with no network (tools/offline-check.sh; root; a few minutes)
offline-check:
	@sh tools/offline-check.sh "$(PYTHON)"

# Fashion-MNIST from Debian's package, checked by content
data: setup
	@$(BIN)/chapter5 data >/dev/null 2>&1 || sh tools/install-data.sh $(WHEELHOUSE)
	$(BIN)/chapter5 data

# a venv per supported Python found here (.venvs/X.Y), the package installed as a user would
# (pip install .), then `chapter5 verify` and a short training: one line per interpreter
# (PYTHONS="3.12" for some only)
pythons:
	@sh tools/pythons.sh $(PYTHONS)

clean:
	rm -rf $(VENV) .venvs .tools build site *.egg-info .pytest_cache .ruff_cache
