"""Shared by the benchmarks: run one measurement in a fresh process, with its peak memory."""
import json
import os
import platform
import subprocess
import sys
import time


def run_child(script, *args, env=None):
    """Run `python script --child args` in a fresh process; (its JSON result, peak RSS MiB, wall s).

    The child prints its result as the last line of its output, a JSON object.
    `env`: the child's environment (default: this process's).
    """
    start = time.time()
    proc = subprocess.Popen([sys.executable, script, '--child', *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    # wait4 gives this child's own resource usage: ru_maxrss is its peak RSS in KiB
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError('%s %s failed:\n%s' % (script, ' '.join(map(str, args)), err[-3000:]))
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024, time.time() - start


def machine():
    """One line saying where a benchmark ran.

    The CPU's model and the ISA MXNet's oneDNN kernels use (AVX-512 or AVX2 on this project's
    machines: the same benchmark differs between them). MXNet's version is read from its
    metadata, not by importing it: a forked child's ru_maxrss starts from the parent's resident
    size, so the parent stays small.
    """
    from importlib.metadata import version

    from chapter5.engine.cpu import describe
    return '%s, %s, %d cores, Python %s, MXNet %s' % (
        platform.machine(), describe(), os.cpu_count(), platform.python_version(), version('mxnet'))


def verdict(value, target):
    """'met' where `value` reaches `target` (a ratio, higher is better), else 'NOT met'."""
    return 'met' if value >= target else 'NOT met'


def same_log(a, b):
    """Whether two runs printed the same epoch lines but for their times ('time 3.2 sec')."""
    def strip(lines):
        return [line.split(', time ')[0] for line in lines if line.startswith('epoch ')]
    return strip(a) == strip(b) and bool(strip(a))
