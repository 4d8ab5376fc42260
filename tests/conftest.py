import subprocess
import sys

import mxnet as mx
import pytest


@pytest.fixture
def fresh_names():
    """Gluon's layer-name counters as in a fresh process (conv0, pool0, ...)."""
    with mx.name.NameManager():
        yield


def run_module(module, *args):
    """Run `python -m <module> args` in a fresh process; (returncode, stdout, stderr)."""
    proc = subprocess.run([sys.executable, '-m', module, *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def fold(text):
    return ' '.join(text.split())
