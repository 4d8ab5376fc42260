import os
import re
import subprocess
import sys

import mxnet as mx
import pytest

from chapter5.engine.threads import THREAD_SETTINGS

# the book's epoch line, as train_ch5 prints it
EPOCH_LINE = re.compile(r'epoch (\d), loss (\d+\.\d{4}), train acc (0\.\d{3}), test acc (0\.\d{3}), '
                        r'time \d+\.\d sec')


@pytest.fixture
def fresh_names():
    """Gluon's layer-name counters as in a fresh process (conv0, pool0, ...)."""
    with mx.name.NameManager():
        yield


def without_thread_settings(**extra):
    """This process's environment without the variables that fix MXNet's thread count, plus `extra`.

    `make test` sets OMP_NUM_THREADS=1 for its workers; a child without it gets what a
    user's process gets (chapter5.engine.threads).
    """
    environ = {k: v for k, v in os.environ.items() if k not in THREAD_SETTINGS}
    environ.update(extra)
    return environ


def run_module(module, *args):
    """Run `python -m <module> args` in a fresh process; (returncode, stdout, stderr)."""
    proc = subprocess.run([sys.executable, '-m', module, *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def fold(text):
    return ' '.join(text.split())


def pytest_collection_modifyitems(items):
    """The longest test first (the 5.10 notebook's two full BN-LeNet recipes, about 6 minutes),
    so that with two workers (`pytest -n 2`, as `make test` runs) it runs beside all the rest."""
    items.sort(key=lambda item: '5.10-batch-norm' not in item.nodeid)
