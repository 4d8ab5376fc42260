"""chapter5's start-up hook (installed as chapter5-startup.pth): MXNet 1.9.1 on a current numpy.

MXNet 1.9.1 was written for numpy 1.x. It uses `numpy.bool`, which numpy 1.24 to 1.26 do not have
(numpy 1.26.4 is the first numpy with wheels for Python 3.12, and the one used there), and, on
numpy 2 (Python 3.13, where no numpy 1.x has wheels), names that numpy 2.0 removed (NEP 52). However
MXNet is first imported (by `import chapter5`, by the book's `import d2lzh as d2l`, by `import mxnet`
in a notebook, by gluoncv), this hook gives numpy those names back just before: it waits, at no cost,
for the first `import mxnet`, sets each name below only if numpy lacks it, and removes itself.
Nothing is imported at start-up and no installed file is changed.

The names are exactly those MXNet 1.9.1, d2lzh 1.0.0 and gluoncv 0.10.5 read from numpy when they
are imported or used by chapter5 (found by reading their sources: docs/pythons.md lists where):
constants get their numpy 1.x values; functions that MXNet only re-exports or registers get a stub
that says what to use instead when called.
"""
import sys

# numpy 1.x's constants, by what they stood for (mxnet/numpy/utils.py re-exports them at import;
# mxnet/gluon/contrib/estimator uses Inf as a default)
CONSTANTS = {'PZERO': 0.0, 'NZERO': -0.0, 'PINF': float('inf'), 'NINF': float('-inf'), 'Inf': float('inf'),
             'NAN': float('nan'), 'NaN': float('nan')}
# functions MXNet only re-exports (mxnet/numpy/fallback.py) or registers for numpy's dispatch protocol
# (mxnet/numpy_dispatch_protocol.py) at import, which numpy 2 removed (the financial ones left in numpy
# 1.20; numpy 1.x still answered their names with a stub that raised): the name, and what to use instead
REEXPORTED = {'alltrue': 'numpy.all', 'sometrue': 'numpy.any', 'product': 'numpy.prod',
              'round_': 'numpy.round', 'msort': 'numpy.sort(a, axis=0)',
              **{name: 'numpy_financial.%s' % name for name in ('mirr', 'npv', 'pmt', 'ppmt', 'pv', 'rate')}}


def removed(name, instead):
    """A stand-in for numpy.NAME, removed in numpy 2, that says so when called."""
    def stub(*args, **kwargs):
        raise RuntimeError('numpy.%s was removed in numpy 2.0: use %s (chapter5 defines the name only '
                           'so that MXNet 1.9.1 imports)' % (name, instead))
    stub.__name__ = stub.__qualname__ = name
    return stub


def restore(numpy):
    """Give `numpy` the names MXNet 1.9.1 needs that it lacks; return the names set."""
    import types
    import warnings
    with warnings.catch_warnings():  # numpy 1.20-1.23 warn that the alias is deprecated
        warnings.simplefilter('ignore')
        missing = [name for name in ['bool', 'compat'] + list(CONSTANTS) + list(REEXPORTED)
                   if not hasattr(numpy, name)]
    for name in missing:
        if name == 'bool':  # numpy 1.24-1.26; numpy 2 has it again
            value = bool
        elif name == 'compat':  # numpy 2 removed numpy.compat; MXNet's np.pad reads compat.basestring
            value = types.SimpleNamespace(basestring=str)
        elif name in CONSTANTS:
            value = CONSTANTS[name]
        else:
            value = removed(name, REEXPORTED[name])
        setattr(numpy, name, value)
    return missing


class _BeforeMXNet:
    """A meta path finder that acts once, when `mxnet` is first imported, and finds nothing."""

    def find_spec(self, name, path=None, target=None):
        if name == 'mxnet':
            sys.meta_path.remove(self)
            import numpy
            restore(numpy)
        return None


if not any(isinstance(finder, _BeforeMXNet) for finder in sys.meta_path) and 'mxnet' not in sys.modules:
    sys.meta_path.insert(0, _BeforeMXNet())
