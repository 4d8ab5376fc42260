"""A Python or numpy that MXNet 1.9.1 cannot run on is refused with what to do; importing the book layer
changes nothing in the process."""
import os
import subprocess
import sys
from importlib import metadata

import pytest

import chapter5

CHECK_PYTHON = os.path.join(os.path.dirname(__file__), '..', 'tools', 'check-python.sh')


def test_python_3_12_is_refused(monkeypatch):
    monkeypatch.setattr(sys, 'version_info', (3, 12, 1, 'final', 0))
    with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.11.*this is Python 3\.12.*Python 3\.11'):
        chapter5._check_stack()


def test_new_numpy_is_refused(monkeypatch):
    monkeypatch.setattr(metadata, 'version', lambda name: '1.26.4')
    with pytest.raises(RuntimeError, match=r'numpy 1\.26\.4.*pip install numpy==1\.23\.5'):
        chapter5._check_stack()


def test_this_stack_is_accepted():
    chapter5._check_stack()


@pytest.mark.parametrize('version, ok', [('3.9.18', False), ('3.10.13', True), ('3.11.7', True),
                                         ('3.12.1', False)])
def test_setup_make_and_import_agree_on_the_pythons(tmp_path, monkeypatch, version, ok):
    from importlib.metadata import metadata
    major, minor, micro = (int(p) for p in version.split('.'))
    assert metadata('chapter5')['Requires-Python'] in ('<3.12,>=3.10', '>=3.10,<3.12')
    assert ((3, 10) <= (major, minor) <= (3, 11)) == ok
    # this interpreter, saying it is `version`, runs what check-python.sh asks of it
    fake = tmp_path / 'python'
    fake.write_text('#!/bin/sh\nexec %s -c "import sys, platform; sys.version_info = %r; '
                    'platform.python_version = lambda: %r; exec(sys.argv[1])" "$2"\n'
                    % (sys.executable, (major, minor, micro, 'final', 0), version))
    fake.chmod(0o755)
    assert subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True).returncode == (0 if ok else 1)
    monkeypatch.setattr(sys, 'version_info', (major, minor, micro, 'final', 0))
    if ok:
        chapter5._check_stack()
    else:
        with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.11'):
            chapter5._check_stack()


def test_make_refuses_an_unsupported_python(tmp_path):
    fake = tmp_path / 'python3.12'
    fake.write_text('#!/bin/sh\n'
                    'case "$*" in *platform*) echo 3.12.1;; *) exit 1;; esac\n')
    fake.chmod(0o755)
    proc = subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert 'Python 3.12.1' in proc.stderr and 'needs Python 3.10-3.11' in proc.stderr


BOOK_LAYER = ['chapter5', 'chapter5.utils', 'chapter5.data'] + \
    ['chapter5.' + s.module for s in chapter5.SECTIONS.values()]


def test_importing_the_book_layer_changes_no_setting_and_never_loads_the_engine():
    """`import chapter5.utils as d2l` (and every section module) leaves os.environ as it was, and the
    book layer never imports the engine (chapter5.engine imports it, not the other way round)."""
    # `import chapter5` comes before MXNet (the old package set OMP_NUM_THREADS then); MXNet loads
    # OpenCV, which sets Qt's and the loader's paths: the book layer's part is what follows it
    code = ('import importlib, json, os, sys\n'
            'before = dict(os.environ)\n'
            'import chapter5\n'
            'same = dict(os.environ) == before\n'
            'import mxnet.gluon\n'
            'before = dict(os.environ)\n'
            'for name in %r: importlib.import_module(name)\n'
            'print(json.dumps([same and dict(os.environ) == before, '
            'sorted(m for m in sys.modules if m.startswith("chapter5.engine"))]))' % BOOK_LAYER)
    for env in (dict(os.environ), {k: v for k, v in os.environ.items() if k != 'OMP_NUM_THREADS'}):
        proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env,
                              check=True)
        assert proc.stdout.splitlines()[-1] == '[true, []]'


def test_train_ch5_has_the_books_seven_parameters():
    import inspect

    from chapter5 import utils
    assert list(inspect.signature(utils.train_ch5).parameters) == [
        'net', 'train_iter', 'test_iter', 'batch_size', 'trainer', 'ctx', 'num_epochs']
    assert not hasattr(utils.train_ch5, '__wrapped__')
