"""The engine's threads: every core for its processes, one OpenMP thread for the Python thread while it
trains; the book layer leaves MXNet's default alone."""
import json
import os
import subprocess
import sys

import pytest
from conftest import without_thread_settings

from chapter5.engine.threads import physical_cores


def _cpuinfo(tmp_path, cpus):
    """A /proc/cpuinfo of (processor, physical id, core id) triples (None: field absent)."""
    blocks = []
    for processor, package, core in cpus:
        lines = ['processor\t: %d' % processor, 'model name\t: Intel(R) Xeon(R) Processor']
        lines += ['physical id\t: %d' % package] if package is not None else []
        lines += ['core id\t\t: %d' % core] if core is not None else []
        blocks.append('\n'.join(lines + ['power management:']))
    path = tmp_path / 'cpuinfo'
    path.write_text('\n\n'.join(blocks) + '\n\n')
    return str(path)


@pytest.mark.parametrize('cpus, cores', [
    ([(0, 0, 0), (1, 0, 1)], 2),                          # this machine: two CPUs, two cores
    ([(0, 0, 0), (1, 0, 0), (2, 0, 1), (3, 0, 1)], 2),    # two hyper-threads per core
    ([(0, 0, 0), (1, 1, 0)], 2),                          # two sockets, core 0 of each
    ([(0, None, None), (1, None, None), (2, None, None)], 3),  # no topology (some VMs)
])
def test_physical_cores_counts_each_core_once(tmp_path, monkeypatch, cpus, cores):
    monkeypatch.setattr(os, 'sched_getaffinity', lambda pid: {0, 1, 2, 3})
    assert physical_cores(_cpuinfo(tmp_path, cpus)) == cores


def test_physical_cores_leaves_out_cpus_the_process_may_not_use(tmp_path, monkeypatch):
    monkeypatch.setattr(os, 'sched_getaffinity', lambda pid: {2, 3})
    path = _cpuinfo(tmp_path, [(0, 0, 0), (1, 0, 1), (2, 0, 2), (3, 0, 3)])
    assert physical_cores(path) == 2
    assert physical_cores(str(tmp_path / 'absent')) is None


def _omp_after(code, **env):
    """OMP_NUM_THREADS as a fresh interpreter sees it after running `code`."""
    code += "\nimport os; print(os.environ.get('OMP_NUM_THREADS'))"
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                          env=without_thread_settings(**env), check=True)
    return proc.stdout.split()[-1]


EVERY_CORE = 'from chapter5.engine.threads import use_every_core\nuse_every_core()'


def test_the_engine_gives_mxnet_every_core():
    # MXNet alone would start half as many threads as CPUs on x86 (1 on a 2-core machine)
    assert _omp_after(EVERY_CORE) == str(physical_cores())


def test_a_thread_count_the_user_chose_is_kept():
    assert _omp_after(EVERY_CORE, OMP_NUM_THREADS='1') == '1'
    assert _omp_after(EVERY_CORE, MXNET_OMP_MAX_THREADS='1') == 'None'


def test_nothing_is_set_once_mxnet_is_loaded():
    # libmxnet reads the variable when it loads; setting it later would only mislead
    assert _omp_after('import mxnet\n' + EVERY_CORE) == 'None'


class _Stop(Exception):
    """Stops a command where it would start training."""


@pytest.mark.parametrize('command, every_core', [
    (['train', 'lenet'], True), (['reproduce', 'lenet'], True), (['exercises', '5.5'], True),
    (['train', 'lenet', '--book-path'], False), (['list'], False)])
def test_only_the_engines_commands_take_every_core(command, every_core, monkeypatch, capsys):
    """The CLI's fast-path commands set the thread count; the book's path keeps MXNet's default."""
    from chapter5 import __main__ as cli
    from chapter5 import exercises
    from chapter5.engine import recipes, reproduce
    seen = []

    def stop(*args, **kwargs):
        raise _Stop

    monkeypatch.setattr(cli, 'use_every_core', lambda: seen.append(True))
    for module, name in ((recipes, 'train_recipe'), (reproduce, 'run_recipe'), (exercises, 'run')):
        monkeypatch.setattr(module, name, stop)
    try:
        cli.main(command)
    except _Stop:
        pass
    assert seen == ([True] if every_core else [])


THREADS_AROUND_THE_FAST_PATH = """
import ctypes, json, os, threading, time
import numpy as np
from chapter5.engine.threads import python_thread_serial, use_every_core
use_every_core()
from mxnet import nd
gomp = ctypes.CDLL('libgomp.so.1')

def counts():  # libgomp's thread count for this (Python) thread and for a new one
    seen = []
    t = threading.Thread(target=lambda: seen.append((threading.get_native_id(), gomp.omp_get_max_threads())))
    t.start()
    t.join()
    while os.path.exists('/proc/self/task/%d' % seen[0][0]):  # gone, so that threads() does not see it
        time.sleep(0.01)
    return gomp.omp_get_max_threads(), seen[0][1]

def threads():
    return len(os.listdir('/proc/self/task'))

nd.array(np.ones((256, 1, 28, 28), 'float32')).wait_to_read()  # a copy in: the Python thread's own team
before, threads_before = counts(), threads()
with python_thread_serial():
    let_go = threads_before - threads()
    inside = counts()
print(json.dumps([before, inside, counts(), let_go]))
"""


def _threads_around_the_fast_path(**env):
    proc = subprocess.run([sys.executable, '-c', THREADS_AROUND_THE_FAST_PATH], capture_output=True,
                          text=True, env=without_thread_settings(**env), check=True)
    return [tuple(c) if isinstance(c, list) else c for c in json.loads(proc.stdout.splitlines()[-1])]


def test_while_the_fast_path_trains_the_python_thread_runs_one_openmp_thread():
    # MXNet's engine threads are new threads: they keep every core; the Python thread, which only
    # feeds them, gets one and lets its team go, so libgomp does not count more threads than cores
    cores = physical_cores()
    before, inside, after, let_go = _threads_around_the_fast_path()
    assert (before, inside, after, let_go) == ((cores, cores), (1, cores), (cores, cores), cores - 1)


def test_a_users_thread_count_is_kept_for_mxnets_threads():
    # the user's count is what MXNet's threads run; the Python thread is serial while the fast path trains
    # (so is a child process's, which inherits OMP_NUM_THREADS from a parent that imported chapter5)
    assert _threads_around_the_fast_path(OMP_NUM_THREADS='2') == [(2, 2), (1, 2), (2, 2), 1]
    assert _threads_around_the_fast_path(OMP_NUM_THREADS='1') == [(1, 1), (1, 1), (1, 1), 0]
