"""A Python or numpy that MXNet 1.9.1 cannot run on is refused with what to do; importing the book layer
changes nothing in the process."""
import os
import subprocess
import sys
from importlib import metadata

import pytest

import chapter5

CHECK_PYTHON = os.path.join(os.path.dirname(__file__), '..', 'tools', 'check-python.sh')


def test_python_3_14_is_refused(monkeypatch):
    monkeypatch.setattr(sys, 'version_info', (3, 14, 0, 'final', 0))
    with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.13.*this is Python 3\.14'):
        chapter5.check_stack()


def test_numpy_2_is_refused(monkeypatch):
    monkeypatch.setattr(metadata, 'version', lambda name: '2.1.3')
    with pytest.raises(RuntimeError, match=r'numpy 2\.1\.3.*`np\.NaN`.*pip install numpy==1\.'):
        chapter5.check_stack()


def test_this_stack_is_accepted():
    chapter5.check_stack()


def test_one_version_the_installed_package_and_the_module_agree():
    """setup.py reads chapter5.__version__, which every run's settings record."""
    from importlib.metadata import version
    assert version('chapter5') == chapter5.__version__


@pytest.mark.parametrize('version, ok', [('3.9.18', False), ('3.10.13', True), ('3.11.7', True),
                                         ('3.12.1', True), ('3.13.0', True), ('3.14.0', False)])
def test_setup_make_and_import_agree_on_the_pythons(tmp_path, monkeypatch, version, ok):
    from importlib.metadata import metadata
    major, minor, micro = (int(p) for p in version.split('.'))
    assert metadata('chapter5')['Requires-Python'] in ('<3.14,>=3.10', '>=3.10,<3.14')
    assert chapter5.SUPPORTED_PYTHON == ((3, 10), (3, 13))
    assert ((3, 10) <= (major, minor) <= (3, 13)) == ok
    # this interpreter, saying it is `version`, runs what check-python.sh asks of it
    fake = tmp_path / 'python'
    fake.write_text('#!/bin/sh\nexec %s -c "import sys, platform; sys.version_info = %r; '
                    'platform.python_version = lambda: %r; exec(sys.argv[1])" "$2"\n'
                    % (sys.executable, (major, minor, micro, 'final', 0), version))
    fake.chmod(0o755)
    assert subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True).returncode == (0 if ok else 1)
    monkeypatch.setattr(sys, 'version_info', (major, minor, micro, 'final', 0))
    if ok:
        chapter5.check_stack()
    else:
        with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.13'):
            chapter5.check_stack()


def test_make_refuses_an_unsupported_python(tmp_path):
    fake = tmp_path / 'python3.14'
    fake.write_text('#!/bin/sh\n'
                    'case "$*" in *platform*) echo 3.14.0;; *) exit 1;; esac\n')
    fake.chmod(0o755)
    proc = subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert 'Python 3.14.0' in proc.stderr and 'needs Python 3.10-3.13' in proc.stderr


HOOK_CHILD = """
import sys
import numpy
numpy_getattr = numpy.__getattr__
def without_bool(name):  # numpy 1.24-1.26 (Python 3.12+) have no `numpy.bool`
    if name == 'bool':
        raise AttributeError("module 'numpy' has no attribute 'bool'")
    return numpy_getattr(name)
numpy.__getattr__ = without_bool
numpy.__dict__.pop('bool', None)
import _chapter5_startup
if {remove_hook}:
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != '_BeforeMXNet']
sys.modules['torch'] = None  # gluoncv 0.10.5 refuses torch >= 2, which `make bench` installs
import {first}
print(numpy.bool is bool, sum(type(f).__name__ == '_BeforeMXNet' for f in sys.meta_path))
"""


def hook_child(first, remove_hook=False):
    return subprocess.run([sys.executable, '-c', HOOK_CHILD.format(first=first, remove_hook=remove_hook)],
                          capture_output=True, text=True, cwd=os.path.join(os.path.dirname(__file__), '..'))


@pytest.mark.parametrize('first', ['d2lzh', 'mxnet', 'gluoncv', 'chapter5.utils'])
def test_the_start_up_hook_gives_numpy_bool_back_however_mxnet_is_first_imported(first):
    """numpy 1.26 (Python 3.12+) lacks `numpy.bool`: the hook sets it just before MXNet's first
    import, whoever imports it, and then leaves sys.meta_path; without it MXNet cannot load."""
    proc = hook_child(first)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-2:] == ['True', '0']


def test_without_the_hook_mxnet_fails_on_such_a_numpy():
    proc = hook_child('mxnet', remove_hook=True)
    assert proc.returncode != 0 and "module 'numpy' has no attribute 'bool'" in proc.stderr


def test_the_start_up_hook_is_installed_where_python_reads_it():
    """make setup puts chapter5-startup.pth in the venv's site-packages (pip install -e does not
    install data files), and a plain `pip install .` does (setup.py's data_files)."""
    import sysconfig
    site = sysconfig.get_path('purelib')
    here = os.path.join(os.path.dirname(__file__), '..', 'chapter5-startup.pth')
    with open(os.path.join(site, 'chapter5-startup.pth')) as installed, open(here) as source:
        assert installed.read() == source.read() == 'import _chapter5_startup\n'


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


def test_unknown_model_lists_the_valid_ones():
    with pytest.raises(ValueError, match='unknown model .resnet50.*lenet, alexnet'):
        chapter5.get_model('resnet50')
