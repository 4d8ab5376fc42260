"""A Python or numpy that MXNet 1.9.1 cannot run on is refused with what to do; importing the book layer
changes nothing in the process."""
import os
import subprocess
import sys

import pytest

import chapter5

CHECK_PYTHON = os.path.join(os.path.dirname(__file__), '..', 'tools', 'check-python.sh')


def test_python_3_15_is_refused(monkeypatch):
    monkeypatch.setattr(sys, 'version_info', (3, 15, 0, 'final', 0))
    with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.14.*this is Python 3\.15'):
        chapter5.check_stack()


def test_without_mxnet_the_one_line_says_how_to_install_it(monkeypatch):
    """`pip install .` on numpy 2 leaves MXNet out (it declares numpy<2): chapter5 says what to run."""
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, 'find_spec',
                        lambda name, *a: None if name == 'mxnet' else real(name, *a))
    with pytest.raises(RuntimeError,
                       match=r'MXNet 1\.9\.1 is not installed: run `pip install --no-deps mxnet==1\.9\.1`'):
        chapter5.check_stack()


def test_this_stack_is_accepted():
    chapter5.check_stack()


def test_one_version_the_installed_package_and_the_module_agree():
    """setup.py reads chapter5.__version__, which every run's settings record."""
    from importlib.metadata import version
    assert version('chapter5') == chapter5.__version__


@pytest.mark.parametrize('version, ok', [('3.9.18', False), ('3.10.13', True), ('3.11.7', True),
                                         ('3.12.1', True), ('3.13.0', True), ('3.14.0', True),
                                         ('3.15.0', False)])
def test_setup_make_and_import_agree_on_the_pythons(tmp_path, monkeypatch, version, ok):
    from importlib.metadata import metadata
    major, minor, micro = (int(p) for p in version.split('.'))
    assert metadata('chapter5')['Requires-Python'] in ('<3.15,>=3.10', '>=3.10,<3.15')
    assert chapter5.SUPPORTED_PYTHON == ((3, 10), (3, 14))
    assert ((3, 10) <= (major, minor) <= (3, 14)) == ok
    # this interpreter, saying it is `version`, runs what check-python.sh asks of it
    fake = tmp_path / 'python'
    fake.write_text('#!/bin/sh\nexec %s -c "import sys, platform; sys.version_info = %r; '
                    'platform.python_version = lambda: %r; exec(sys.argv[1])" "$2"\n'
                    % (sys.executable, (major, minor, micro, 'final', 0), version))
    fake.chmod(0o755)
    checked = subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True, text=True)
    assert checked.returncode == (0 if ok else 1)
    assert ('untested here' in checked.stderr) == (version == '3.14.0')
    monkeypatch.setattr(sys, 'version_info', (major, minor, micro, 'final', 0))
    if ok:
        chapter5.check_stack()
    else:
        with pytest.raises(RuntimeError, match=r'needs Python 3\.10-3\.14'):
            chapter5.check_stack()


def test_make_refuses_an_unsupported_python(tmp_path):
    fake = tmp_path / 'python3.15'
    fake.write_text('#!/bin/sh\n'
                    'case "$*" in *platform*) echo 3.15.0;; *) exit 1;; esac\n')
    fake.chmod(0o755)
    proc = subprocess.run(['sh', CHECK_PYTHON, str(fake)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert 'Python 3.15.0' in proc.stderr and 'needs Python 3.10-3.14' in proc.stderr


def test_the_hook_restores_what_numpy_2_removed_and_nothing_numpy_has():
    """On a numpy without them (numpy 2), `restore` sets the names MXNet 1.9.1 reads: constants with
    numpy 1.x's values, the re-exported functions as stubs that say what to use, compat.basestring;
    a name numpy has is left alone, and this numpy 1.x gets nothing."""
    import math
    import types

    import _chapter5_startup
    fake = types.ModuleType('numpy')
    fake.PZERO = 'kept'
    restored = _chapter5_startup.restore(fake)
    assert 'PZERO' not in restored and fake.PZERO == 'kept' and fake.bool is bool
    assert fake.NINF == -math.inf and math.isnan(fake.NaN) and math.copysign(1, fake.NZERO) == -1
    assert fake.compat.basestring is str and set(restored) == {
        'bool', 'compat', 'NZERO', 'PINF', 'NINF', 'Inf', 'NAN', 'NaN', 'alltrue', 'sometrue', 'product',
        'round_', 'msort', 'mirr', 'npv', 'pmt', 'ppmt', 'pv', 'rate'}
    with pytest.raises(RuntimeError, match=r'numpy\.mirr was removed in numpy 2\.0: use numpy_financial'):
        fake.mirr(0.1, 0.1, [1, 2])
    with pytest.raises(RuntimeError, match=r'numpy\.alltrue .*use numpy\.all'):
        fake.alltrue([True])
    import numpy
    if int(numpy.__version__.split('.')[0]) < 2:
        assert _chapter5_startup.restore(numpy) == []  # numpy 1.23.5 has them all (1.26 lacks bool)


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


NUMPY_2 = int(__import__('numpy').__version__.split('.')[0]) >= 2


@pytest.mark.skipif(NUMPY_2, reason='simulates numpy 1.24-1.26 by taking numpy.bool away, which numpy 2 '
                                    'itself uses (the next test covers numpy 2)')
@pytest.mark.parametrize('first', ['d2lzh', 'mxnet', 'gluoncv', 'chapter5.utils'])
def test_the_start_up_hook_gives_numpy_bool_back_however_mxnet_is_first_imported(first):
    """numpy 1.26 (Python 3.12+) lacks `numpy.bool`: the hook sets it just before MXNet's first
    import, whoever imports it, and then leaves sys.meta_path; without it MXNet cannot load."""
    proc = hook_child(first)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-2:] == ['True', '0']


@pytest.mark.skipif(not NUMPY_2, reason='this numpy is 1.x: the test runs where numpy 2 is (Python 3.13+; '
                                        'make pythons imports MXNet through the hook there)')
@pytest.mark.parametrize('first', ['d2lzh', 'mxnet', 'gluoncv', 'chapter5.utils'])
def test_on_numpy_2_the_hook_is_what_lets_mxnet_import(first):
    code = ('import sys\n'
            'if %r: sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_BeforeMXNet"]\n'
            'import %s\n'
            'import numpy, mxnet; print(numpy.__version__, numpy.PZERO, mxnet.__version__)')
    run = [subprocess.run([sys.executable, '-c', code % (remove, first)], capture_output=True, text=True)
           for remove in (False, True)]
    assert run[0].returncode == 0 and run[0].stdout.split()[-2:] == ['0.0', '1.9.1'], run[0].stderr[-2000:]
    assert run[1].returncode != 0 and "`np.PZERO` was removed in the NumPy 2.0 release" in run[1].stderr


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
