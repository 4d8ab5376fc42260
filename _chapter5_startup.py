"""chapter5's start-up hook (installed as chapter5-startup.pth): MXNet 1.9.1 on a current numpy.

MXNet 1.9.1 uses `numpy.bool`, which numpy 1.24 to 1.26 do not have (numpy 1.26.4 is the first
numpy with wheels for Python 3.12, and the one used there). However MXNet is first imported (by
`import chapter5`, by the book's `import d2lzh as d2l`, by `import mxnet` in a notebook, by
gluoncv), this hook gives numpy the alias back just before: it waits, at no cost, for the first
`import mxnet`, then sets `numpy.bool = bool` only if numpy lacks it, and removes itself. Nothing
is imported at start-up and no installed file is changed.
"""
import sys


class _BeforeMXNet:
    """A meta path finder that acts once, when `mxnet` is first imported, and finds nothing."""

    def find_spec(self, name, path=None, target=None):
        if name == 'mxnet':
            sys.meta_path.remove(self)
            import warnings

            import numpy
            with warnings.catch_warnings():  # numpy 1.20-1.23 warn that the alias is deprecated
                warnings.simplefilter('ignore')
                missing = not hasattr(numpy, 'bool')  # numpy 1.24-1.26; numpy 2 has it again
            if missing:
                numpy.bool = bool
        return None


if not any(isinstance(finder, _BeforeMXNet) for finder in sys.meta_path) and 'mxnet' not in sys.modules:
    sys.meta_path.insert(0, _BeforeMXNet())
