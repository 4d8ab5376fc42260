"""Every core for the engine's processes (docs/performance.md, "Every core").

MXNet 1.9.1 on x86 starts half as many OpenMP threads as there are CPUs (it
assumes two hyper-threads per core); where each CPU is its own core, as on this
project's 2-core machines, that leaves half the machine idle. The engine's
commands call `use_every_core()` before MXNet loads; the book layer never does,
so a learner's notebook runs as the stock d2lzh does.
"""
import contextlib
import os
import sys

# the environment variables that fix MXNet's OpenMP thread count
THREAD_SETTINGS = ('OMP_NUM_THREADS', 'MXNET_OMP_MAX_THREADS')


def physical_cores(cpuinfo='/proc/cpuinfo'):
    """How many physical cores this process may run on (Linux), or None where unknown.

    Each (physical id, core id) pair of /proc/cpuinfo is one core, whatever its
    hyper-threads; CPUs outside the process's affinity are not counted.
    """
    try:
        allowed = os.sched_getaffinity(0)
        with open(cpuinfo) as f:
            blocks = f.read().strip().split('\n\n')
    except (AttributeError, OSError):
        return None
    cores = set()
    for block in blocks:
        fields = dict((k.strip(), v.strip()) for k, _, v in
                      (line.partition(':') for line in block.splitlines()))
        if 'processor' not in fields or int(fields['processor']) not in allowed:
            continue
        # no topology fields (some VMs): count every CPU as a core
        cores.add((fields.get('physical id'), fields.get('core id', fields['processor'])))
    return len(cores) or None


def use_every_core():
    """Set OMP_NUM_THREADS to the physical cores before MXNet loads, unless the user set it.

    MXNet reads the variable once, when libmxnet loads: once MXNet is imported
    this is too late and does nothing. Returns whether it set the variable.
    """
    if 'mxnet' in sys.modules or any(name in os.environ for name in THREAD_SETTINGS):
        return False
    cores = physical_cores()
    if cores:
        os.environ['OMP_NUM_THREADS'] = str(cores)
    return bool(cores)


@contextlib.contextmanager
def python_thread_serial():
    """While the engine's loop trains: one OpenMP thread for the calling Python thread.

    MXNet computes on its engine's worker threads, each with OMP_NUM_THREADS threads;
    the Python thread only feeds them. If it also starts an OpenMP team of its own
    (copying a batch in does), libgomp counts more threads than cores and cuts its
    spin-wait from 300,000 to 100 spins, so the workers' helper threads go to sleep
    between operators and every small operator pays for waking them: LeNet trained
    at 0.6x of one thread's speed. So the Python thread lets go of a team it has
    and runs one thread until the block ends; MXNet's own threads keep their count.
    Not for the book's loader: its four worker processes need the cores that full
    spin-waits would hold. The rule is libgomp's, the OpenMP runtime of MXNet's
    Linux wheels; elsewhere nothing changes.
    """
    import ctypes
    try:
        gomp = ctypes.CDLL('libgomp.so.1')
        threads = gomp.omp_get_max_threads()  # this thread's count
        let_go = gomp.omp_pause_resource_all  # OpenMP 5 (GCC 9 on)
    except (OSError, AttributeError):
        threads = 1
    if threads <= 1:
        yield
        return
    import mxnet as mx

    def set_threads(n):  # the calling thread's count, in MXNet's own OpenMP runtime
        mx.base.check_call(mx.base._LIB.MXSetNumOMPThreads(ctypes.c_int(n)))
    let_go(1)  # omp_pause_soft: frees this thread's team
    set_threads(1)
    try:
        yield
    finally:
        set_threads(threads)
