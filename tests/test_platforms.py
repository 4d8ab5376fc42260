"""chapter5.platforms: a platform MXNet 1.9.1 has no build for gets one line, in Chinese and English,
from `import chapter5`, from setup.py (so from `pip install .`) and from make's venv install; each
faked here, since the project's machines are Linux."""
import os
import subprocess
import sys

import pytest

from chapter5.platforms import problem

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAKE = "import platform; platform.system = lambda: %r; platform.machine = lambda: %r\n"


@pytest.mark.parametrize('system,machine', [('Linux', 'x86_64'), ('Linux', 'aarch64'), ('Linux', 'arm64'),
                                            ('Darwin', 'x86_64')])
def test_platforms_with_mxnet_wheels_pass(system, machine):
    assert problem(system, machine) is None


@pytest.mark.parametrize('system,machine,named', [
    ('Windows', 'AMD64', 'native Windows'), ('Darwin', 'arm64', 'macOS on Apple Silicon (arm64)'),
    ('Linux', 'armv7l', 'Linux armv7l'), ('FreeBSD', 'amd64', 'FreeBSD amd64')])
def test_other_platforms_get_one_line_in_both_languages(system, machine, named):
    line = problem(system, machine)
    assert '\n' not in line and named in line and 'docs/platforms.md' in line
    assert 'MXNet 1.9.1 没有' in line and 'WSL2' in line


def run_python(code):
    return subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize('system,machine', [('Windows', 'AMD64'), ('Darwin', 'arm64')])
def test_import_chapter5_stops_with_the_line(system, machine):
    done = run_python(FAKE % (system, machine) + 'import chapter5\n')
    assert done.returncode == 1 and done.stdout == ''
    assert done.stderr.strip() == problem(system, machine)  # the line alone: no traceback


@pytest.mark.parametrize('system,machine', [('Windows', 'AMD64'), ('Darwin', 'arm64')])
def test_setup_py_stops_with_the_line_before_pip_resolves(system, machine):
    done = run_python(FAKE % (system, machine) + "import runpy, sys\nsys.argv = ['setup.py', '--version']\n"
                      "runpy.run_path('setup.py')\n")
    assert done.returncode == 1 and done.stderr.strip() == problem(system, machine)


def test_make_refuses_another_system_with_one_line(tmp_path):
    shim = tmp_path / 'uname'  # uname says Darwin; everything else is this machine's
    shim.write_text('#!/bin/sh\n[ "$1" = -s ] && echo Darwin || echo x86_64\n')
    shim.chmod(0o755)
    env = dict(os.environ, PATH='%s:%s' % (tmp_path, os.environ['PATH']))
    done = subprocess.run(['sh', 'tools/install-venv.sh', sys.executable, str(tmp_path / 'venv')], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 1 and not (tmp_path / 'venv').exists()
    assert len(done.stderr.strip().splitlines()) == 1 and 'locked for Linux only' in done.stderr
