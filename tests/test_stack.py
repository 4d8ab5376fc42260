"""An interpreter or numpy that MXNet 1.9.1 cannot run on is refused with what to do."""
import os
import subprocess
import sys
from importlib import metadata

import pytest

import chapter5

CHECK_PYTHON = os.path.join(os.path.dirname(__file__), '..', 'tools', 'check-python.sh')


def test_python_3_12_is_refused(monkeypatch):
    monkeypatch.setattr(sys, 'version_info', (3, 12, 1, 'final', 0))
    with pytest.raises(RuntimeError, match=r'needs Python 3\.8-3\.11.*this is Python 3\.12.*Python 3\.11'):
        chapter5._check_stack()


def test_new_numpy_is_refused(monkeypatch):
    monkeypatch.setattr(metadata, 'version', lambda name: '1.26.4')
    with pytest.raises(RuntimeError, match=r'numpy 1\.26\.4.*pip install numpy==1\.23\.5'):
        chapter5._check_stack()


def test_this_stack_is_accepted():
    chapter5._check_stack()


def test_make_refuses_an_unsupported_python(tmp_path):
    fake = tmp_path / 'python3.12'
    fake.write_text('#!/bin/sh\n'
                    'case "$*" in *platform*) echo 3.12.1;; *) exit 1;; esac\n')
    fake.chmod(0o755)
    proc = subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert 'Python 3.12.1' in proc.stderr and 'needs Python 3.8-3.11' in proc.stderr
