"""tools/lock.py and requirements/lock/: the hash locks agree with setup.py, and this venv is the lock.

setup.py holds the compatible ranges (what an environment of the learner's own gets); the locks hold
one exact version per package for the project's venv. Every requirement of setup.py's [test] extra
that applies to a Python and platform is in that lock at a version inside its range, every pin has its
sha256, and the venv these tests run in holds exactly its lock's versions (pip resolved nothing).
"""
import importlib.metadata
import os
import platform
import runpy
import subprocess
import sys
from unittest import mock

import pytest
from packaging.requirements import Requirement

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import lock  # noqa: E402
import wheelhouse  # noqa: E402

CASES = [(p, a) for p in lock.PYTHONS for a in lock.PLATFORMS]


def setup_kwargs():
    """What setup.py passes to setup(), read by running it with setup() replaced."""
    with mock.patch('setuptools.setup') as setup:
        runpy.run_path(os.path.join(ROOT, 'setup.py'))
    return setup.call_args.kwargs


def requirements(python, arch):
    """setup.py's requirements ([test] extra included) whose markers hold on this Python and platform."""
    kwargs = setup_kwargs()
    env = {'python_version': python, 'python_full_version': python + '.0', 'platform_machine': arch,
           'sys_platform': 'linux', 'platform_system': 'Linux', 'implementation_name': 'cpython'}
    chosen = []
    for extra, lines in [('', kwargs['install_requires']), ('test', kwargs['extras_require']['test'])]:
        for line in lines:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(dict(env, extra=extra)):
                chosen.append(req)
    return chosen


def lock_path(python, arch):
    return os.path.join(lock.REQUIREMENTS, lock.lock_name(python, arch))


def test_supported_pythons_are_the_packages():
    import chapter5
    low, high = chapter5.SUPPORTED_PYTHON
    assert lock.PYTHONS[0] == '%d.%d' % low
    assert lock.PYTHONS[-1] == '3.13'  # 3.14 is accepted untested (docs/pythons.md): no lock for it
    assert setup_kwargs()['python_requires'] == '>=3.10,<3.15'


@pytest.mark.parametrize('python,arch', CASES)
def test_lock_holds_every_requirement_within_its_range(python, arch):
    pins = wheelhouse.read_lock(lock_path(python, arch))
    for req in requirements(python, arch):
        name = wheelhouse.normalise(req.name)
        assert name in pins, '%s is missing from the lock of Python %s on %s' % (req, python, arch)
        assert req.specifier.contains(pins[name][0], prereleases=True), (req, pins[name][0])


@pytest.mark.parametrize('python,arch', CASES)
def test_lock_pins_mxnet_numpy_and_hashes_everything(python, arch):
    path = lock_path(python, arch)
    with open(path, encoding='utf-8') as f:
        head = f.read(200)
    assert '#    make lock' in head  # the file says how it was made
    pins = wheelhouse.read_lock(path)
    assert pins['mxnet'][0] == '1.9.1'  # on every Python: from 3.13 through the numpy override
    numpy = {'3.10': '1.23.5', '3.11': '1.23.5', '3.12': '1.26.4', '3.13': '2.3.5'}[python]
    assert pins['numpy'][0] == numpy
    assert 'torch' not in pins  # torch has its own lock: the main locks install from PyPI alone
    assert all(len(hashes) >= 1 for _, hashes in pins.values())


def test_torch_lock_is_the_cpu_build_for_the_tests_python():
    pins = wheelhouse.read_lock(os.path.join(lock.REQUIREMENTS, lock.torch_name()))
    assert pins['torch'][0] == '2.13.0+cpu'
    main = wheelhouse.read_lock(lock_path(*lock.TORCH))
    shared = set(pins) & set(main)
    assert shared and all(pins[n][0] == main[n][0] for n in shared)  # resolved within the main lock


def test_override_applies_only_from_numpy2():
    assert '--override' not in lock.compile_args('uv', '3.12', 'x86_64', 'out.txt')
    args = lock.compile_args('uv', '3.13', 'aarch64', 'out.txt')
    assert args[args.index('--override') + 1] == 'overrides.txt'
    assert args[args.index('--python-platform') + 1] == 'aarch64-manylinux_2_28'
    with open(os.path.join(lock.REQUIREMENTS, 'overrides.txt'), encoding='utf-8') as f:
        lines = [line for line in f if line.strip() and not line.startswith('#')]
    assert lines and all(Requirement(line.strip()).name == "numpy" for line in lines)


def test_this_venv_is_its_lock():
    python = '%d.%d' % sys.version_info[:2]
    arch = platform.machine()
    if (python, arch) not in CASES:
        pytest.fail('the suite runs in a venv with no lock (Python %s on %s)' % (python, arch))
    differ = []
    for name, (version, _) in wheelhouse.read_lock(lock_path(python, arch)).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differ.append('%s: locked %s, installed %s' % (name, version, installed))
    assert differ == []


def test_pip_check_reports_only_mxnets_numpy_bound():
    done = subprocess.run([sys.executable, '-m', 'pip', 'check'], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    problems = [line for line in done.stdout.splitlines()
                if line.strip() and 'No broken requirements' not in line
                and not line.startswith('mxnet 1.9.1 has requirement numpy<2.0.0')]
    assert problems == []
    if sys.version_info < (3, 13):
        assert done.returncode == 0

