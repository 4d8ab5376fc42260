"""Chapter 5 of 动手学深度学习 (MXNet Gluon edition), runnable and verified.

Importing this package is cheap: it checks the interpreter and numpy, gives
MXNet every core (when MXNet is not yet imported), and names the sections and
models. MXNet is imported only by the section modules.
"""
import contextlib
import importlib
import os
import sys
from collections import OrderedDict, namedtuple

__version__ = '0.1.0'

SUPPORTED_PYTHON = ((3, 8), (3, 11))
NUMPY_PIN = '1.23.5'
# the environment variables that fix MXNet's OpenMP thread count (see _use_every_core)
THREAD_SETTINGS = ('OMP_NUM_THREADS', 'MXNET_OMP_MAX_THREADS')


def _check_stack():
    """Fail early, with what to do, where MXNet 1.9.1 cannot run."""
    low, high = SUPPORTED_PYTHON
    if not low <= sys.version_info[:2] <= high:
        raise RuntimeError(
            'chapter5 needs Python %d.%d-%d.%d (MXNet 1.9.1 needs numpy 1.23.5, '
            'which has no wheel for Python 3.12 or newer); this is Python %d.%d. '
            'Install Python 3.11 and run `make demo` with it.'
            % (low + high + sys.version_info[:2]))
    try:
        from importlib.metadata import PackageNotFoundError, version
        numpy_version = version('numpy')
    except PackageNotFoundError:
        return  # MXNet's own import will say numpy is missing
    major, minor = (int(p) for p in numpy_version.split('.')[:2])
    if (major, minor) >= (1, 24):
        raise RuntimeError(
            'MXNet 1.9.1 cannot be imported with numpy %s (numpy 1.24 removed '
            '`np.bool`, which MXNet uses). Run `pip install numpy==%s`.'
            % (numpy_version, NUMPY_PIN))


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


def _use_every_core():
    """Set OMP_NUM_THREADS to the physical cores before MXNet loads, unless the user set it.

    MXNet 1.9.1 on x86 starts half as many OpenMP threads as there are CPUs
    (it assumes two hyper-threads per core); where each CPU is its own core,
    as on this project's 2-core machines, it leaves half the machine idle
    (README, "Every core"). The variable is read once, when libmxnet loads,
    so this is too late once MXNet is imported and does nothing then.
    """
    if 'mxnet' in sys.modules or any(name in os.environ for name in THREAD_SETTINGS):
        return
    cores = physical_cores()
    if cores:
        os.environ['OMP_NUM_THREADS'] = str(cores)


@contextlib.contextmanager
def _python_thread_serial():
    """While the fast path trains (train_ch5): one OpenMP thread for the calling Python thread.

    MXNet computes on its engine's worker threads, each with OMP_NUM_THREADS threads;
    the Python thread only feeds them. If it also starts an OpenMP team of its own
    (copying a batch in does), libgomp counts more threads than cores and cuts its
    spin-wait from 300,000 to 100 spins, so the workers' helper threads go to sleep
    between operators and every small operator pays for waking them: LeNet trained
    at 0.6x of one thread's speed. So the Python thread lets go of a team it has (the
    book's path may have made one) and runs one thread until the block ends; MXNet's
    own threads keep their count. Not for the book's loader: its four worker processes
    need the cores that full spin-waits would hold (README, "Every core"). The rule
    is libgomp's, the OpenMP runtime MXNet's Linux wheels use; elsewhere nothing changes.
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


_check_stack()
_use_every_core()

Section = namedtuple('Section', 'id module title')

# The notes' sections, in order: id -> module (named after the book's file).
SECTIONS = OrderedDict((s.id, s) for s in [
    Section('5.1', 'conv_layer', '二维卷积层'),
    Section('5.2', 'padding_and_strides', '填充和步幅'),
    Section('5.3', 'channels', '多输入通道和多输出通道'),
    Section('5.4', 'pooling', '池化层'),
    Section('5.5', 'lenet', '卷积神经网络（LeNet）'),
    Section('5.6', 'alexnet', '深度卷积神经网络（AlexNet）'),
    Section('5.7', 'vgg', '使用重复元素的网络（VGG）'),
    Section('5.8', 'nin', '网络中的网络（NiN）'),
    Section('5.9', 'googlenet', '含并行连结的网络（GoogLeNet）'),
    Section('5.10', 'batch_norm', '批量归一化'),
    Section('5.11', 'resnet', '残差网络（ResNet）'),
    Section('5.12', 'densenet', '稠密连接网络（DenseNet）'),
])


def find_section(name):
    """A section by id ('5.1') or module name ('conv_layer'); ValueError otherwise."""
    for section in SECTIONS.values():
        if name in (section.id, section.module):
            return section
    raise ValueError('unknown section %r; valid sections: %s'
                     % (name, ', '.join(SECTIONS)))


def section_module(name):
    """Import and return the module of a section."""
    return importlib.import_module('chapter5.' + find_section(name).module)


class _Builder:
    """A zero-argument builder that imports its section module on first call."""

    def __init__(self, name, module, function):
        self.name, self.module, self.function = name, module, function

    def _load(self):
        return importlib.import_module('chapter5.' + self.module)

    def __call__(self):
        return getattr(self._load(), self.function)()

    @property
    def recipe(self):
        """The book's training recipe for this model (a `utils.Recipe`)."""
        return self._load().RECIPES[self.name]

    def __repr__(self):
        return '<model %s: chapter5.%s.%s()>' % (self.name, self.module, self.function)


# name -> builder of an uninitialised Gluon network, as the notes (or the book) build it.
MODELS = OrderedDict((name, _Builder(name, module, function)) for name, module, function in [
    ('lenet', 'lenet', 'lenet'),
    ('alexnet', 'alexnet', 'alexnet'),
    ('vgg11', 'vgg', 'vgg11'),
    ('vgg11_small', 'vgg', 'vgg11_small'),
    ('nin', 'nin', 'nin'),
    ('googlenet', 'googlenet', 'googlenet'),
    ('lenet_bn_scratch', 'batch_norm', 'lenet_bn_scratch'),
    ('lenet_bn', 'batch_norm', 'lenet_bn'),
    ('resnet18', 'resnet', 'resnet18'),
    ('densenet', 'densenet', 'densenet'),
])


def get_model(name):
    """The builder registered under `name`; ValueError listing the valid names otherwise."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError('unknown model %r; valid models: %s'
                         % (name, ', '.join(MODELS))) from None
