"""Chapter 5 of 动手学深度学习 (MXNet Gluon edition), runnable and verified.

The book layer: one module per section holding the notes' code, and `utils`, the
book's chapter-5 harness (`import chapter5.utils as d2l`). Importing this package
is cheap and changes nothing in the process: it checks the interpreter and numpy,
and names the sections, the models and their recipes. The engine beside it
(`chapter5.engine`: fast path, threads, checkpoints, runs) is never imported here.
"""
import importlib
import importlib.util
import sys
from collections import OrderedDict, namedtuple

__version__ = '0.2.0'

# The project's public GitHub repository, OWNER/NAME: the publisher's choice, set here and nowhere else.
# The notebooks' first cell installs chapter5 from it in Colab or a learner's own environment, and the
# "在 Colab 中打开" links point into it (tools/notebooks.py, tools/web_book.py, the README). Until it
# is set, the first cell says how to install from a copy (CHAPTER5_SOURCE) and the links say to set it.
REPOSITORY = ''

# setup.py's python_requires and tools/check-python.sh agree; 3.14 is accepted but untested here (no
# 3.14 interpreter on the project's machines; docs/pythons.md)
SUPPORTED_PYTHON = ((3, 10), (3, 14))
# numpy for MXNet 1.9.1 (setup.py's markers): 1.23.5 up to Python 3.11; 1.26.4 on 3.12, which lacks
# the `numpy.bool` MXNet uses; 2.3.5 from 3.13, which lacks more names MXNet reads: the start-up
# hook (_chapter5_startup) gives them back before MXNet loads
NUMPY_PIN = '1.23.5' if sys.version_info < (3, 12) else '1.26.4' if sys.version_info < (3, 13) else '2.3.5'


def check_stack():
    """Fail early, with what to do, where MXNet 1.9.1 cannot run."""
    from chapter5.platforms import problem
    wrong = problem()
    if wrong:  # one line, no traceback (in a notebook: the SystemExit line)
        raise SystemExit(wrong)
    low, high = SUPPORTED_PYTHON
    if not low <= sys.version_info[:2] <= high:
        raise RuntimeError(
            'chapter5 needs Python %d.%d-%d.%d (MXNet 1.9.1 and its numpy; the test stack needs 3.10+); '
            'this is Python %d.%d. Install one of those and run `make demo PYTHON=python3.11` with it.'
            % (low + high + sys.version_info[:2]))
    if importlib.util.find_spec('mxnet') is None:  # pip install . on numpy 2 leaves it out (setup.py)
        raise RuntimeError('MXNet 1.9.1 is not installed: run `pip install --no-deps mxnet==1.9.1` (it '
                           'declares numpy<2, which pip cannot satisfy beside numpy %s: docs/pythons.md)'
                           % NUMPY_PIN)
    # numpy 1.24-1.26 lack `numpy.bool`, numpy 2 more: the hook restores them before MXNet's first
    # import, however that comes (chapter5-startup.pth runs it at start-up; importing it here covers an
    # interpreter that started without it, say from a source tree)
    import _chapter5_startup  # noqa: F401


check_stack()

# A training recipe of the book (5 epochs of SGD, Xavier init) and, where the
# book documents one, its epoch-5 result (loss, train acc, test acc).
Recipe = namedtuple('Recipe', 'lr batch_size resize num_epochs book')
BookResult = namedtuple('BookResult', 'loss train_acc test_acc')

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
        """The book's training recipe for this model (a `Recipe`)."""
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
    # not the book's: the speedrun's networks, of the chapter's blocks (chapter5.speedrun)
    ('speedrun10', 'speedrun.net', 'speedrun10'),
    ('speedrun10b', 'speedrun.net', 'speedrun10b'),
    ('speedrun60', 'speedrun.net', 'speedrun60'),
])


def get_model(name):
    """The builder registered under `name`; ValueError listing the valid names otherwise."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError('unknown model %r; valid models: %s'
                         % (name, ', '.join(MODELS))) from None
