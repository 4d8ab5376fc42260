"""Which CPU this is: its model and the widest vector instructions MXNet's oneDNN kernels use.

The project's machines are not all alike (AVX-512 in one session, AVX2 in the next), and both the
speed and the last digits of a trained number change with the kernels oneDNN picks. Every run's
settings and every benchmark line say where they came from with `describe()`.

Imports nothing heavy (no MXNet): the benchmarks call it in a parent process kept small.
"""
import os
import platform

# oneDNN's caps, in its own names (DNNL_MAX_CPU_ISA), widest first, as this module names them
ISA_NAMES = (('avx512', 'AVX-512'), ('avx2', 'AVX2'), ('avx', 'AVX'), ('sse41', 'SSE4.1'))
CAP_VARIABLES = ('DNNL_MAX_CPU_ISA', 'MKLDNN_MAX_CPU_ISA')


def cpuinfo(path='/proc/cpuinfo'):
    """The first processor's fields of /proc/cpuinfo as a dict ({} where there is no such file)."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return {}
    fields = {}
    for line in text.split('\n\n')[0].splitlines():
        key, sep, value = line.partition(':')
        if sep:
            fields.setdefault(key.strip(), value.strip())
    return fields


def cpu_model(fields=None):
    """The CPU's model name ('AMD EPYC', 'Intel(R) Xeon(R) ...'), or what the platform says."""
    fields = cpuinfo() if fields is None else fields
    return fields.get('model name') or fields.get('Model') or platform.processor() or 'unknown CPU'


def cpu_isa(fields=None):
    """The widest vector extension the CPU has: 'AVX-512', 'AVX2', 'AVX', 'SSE4.1', 'NEON', or '?'."""
    fields = cpuinfo() if fields is None else fields
    flags = set((fields.get('flags') or fields.get('Features') or '').split())
    if 'avx512f' in flags:
        return 'AVX-512'
    for flag, name in (('avx2', 'AVX2'), ('avx', 'AVX'), ('sse4_1', 'SSE4.1'), ('asimd', 'NEON')):
        if flag in flags:
            return name
    return '?'


def isa_cap(environ=None):
    """The ISA oneDNN is capped at by DNNL_MAX_CPU_ISA (or its older name), as `cpu_isa` names it;
    None where no cap is set."""
    environ = os.environ if environ is None else environ
    for variable in CAP_VARIABLES:
        value = environ.get(variable, '').strip().lower()
        if value:
            for prefix, name in ISA_NAMES:
                if value.startswith(prefix):
                    return name
            return value.upper()
    return None


def kernel_isa(fields=None, environ=None):
    """The ISA oneDNN's kernels use here: the CPU's, or the cap where one is set and narrower."""
    isa, cap = cpu_isa(fields), isa_cap(environ)
    order = [name for _, name in ISA_NAMES]
    if cap in order and isa in order and order.index(cap) > order.index(isa):
        return cap
    return isa


def record(fields=None, environ=None):
    """What a run's settings and a benchmark's record say of the CPU: {'cpu': model, 'isa': ...}."""
    fields = cpuinfo() if fields is None else fields
    return {'cpu': cpu_model(fields), 'isa': kernel_isa(fields, environ)}


def describe(fields=None, environ=None):
    """One phrase: 'AMD EPYC, AVX-512', or 'AMD EPYC, AVX-512 (oneDNN capped at AVX2)'."""
    fields = cpuinfo() if fields is None else fields
    cap = isa_cap(environ)
    isa = cpu_isa(fields)
    return '%s, %s%s' % (cpu_model(fields), isa, ' (oneDNN capped at %s)' % cap if cap else '')


def recorded_phrase(session):
    """A recorded session's CPU for a Chinese line: 'AMD EPYC，AVX-512', or '未记录CPU型号' for a run
    recorded before settings named the CPU (2026-11-29)."""
    if not session.get('cpu'):
        return '未记录CPU型号'
    return '%s，%s' % (session['cpu'], session.get('isa', '?'))
