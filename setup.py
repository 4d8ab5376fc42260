"""chapter5: Chapter 5 of 动手学深度学习 (MXNet Gluon edition), runnable and verified offline."""
import os
import re
import runpy
import sys
import sysconfig

from setuptools import find_packages, setup

# chapter5-startup.pth runs _chapter5_startup at interpreter start-up (numpy.bool for MXNet 1.9.1 on
# numpy 1.24+): a data file put in site-packages (purelib, as this interpreter lays it out), which
# both `pip install .` and `pip install -e .` install, where a .pth is read at every start-up
SITE_PACKAGES = os.path.relpath(sysconfig.get_path('purelib'), sysconfig.get_path('data'))

# onnx 1.16.2 has no wheel for Python 3.13; 1.18.0 is the first that has (the export tests ran on 3.11)
# onnxruntime 1.32.0 has no wheel for Python 3.10; 1.23.2 is the last that has (make lock found it)
# ipykernel 7 needs Python 3.11; 6.29.5 runs on 3.10
KERNEL = ['ipykernel==7.4.0; python_version >= "3.11"', 'ipykernel==6.29.5; python_version < "3.11"']
EXPORT = ['onnx==1.16.2; python_version < "3.13"', 'onnx==1.18.0; python_version >= "3.13"',
          'onnxruntime==1.32.0; python_version >= "3.11"', 'onnxruntime==1.23.2; python_version < "3.11"',
          'protobuf==7.36.2']
# the web book (make site: Sphinx with myst-nb, docs/site.md) and its browser test (selenium driving
# Debian's chromium); one set for Pythons 3.10-3.13 (Sphinx 9 breaks Chinese search: sphinx#14229)
SITE = ['sphinx==8.1.3', 'myst-parser==4.0.1', 'myst-nb==1.3.0', 'sphinx-book-theme==1.1.4',
        'pydata-sphinx-theme==0.15.4', 'sphinx-mathjax-offline==0.0.2', 'jieba==0.42.1', 'selenium==4.51.0']
TORCH = ['torch==2.13.0']  # the CPU build (2.13.0+cpu from this machine's index)
# the tests' PyTorch twins run where the project's machines have torch's CPU build (Python 3.11); on
# another Python PyPI would bring a CUDA build of several GB: there tests/test_torch_models.py is skipped
TEST_TORCH = ['torch==2.13.0; python_version == "3.11"']

# a platform MXNet 1.9.1 has no build for stops here with one line (chapter5/platforms.py, read as a
# file: nothing is installed yet), not in pip's resolver
_WRONG = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'chapter5', 'platforms.py'))
if _WRONG['problem']():
    sys.exit(_WRONG['problem']())

# one version, chapter5.__version__, read as text (importing the package at build time would need MXNet)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'chapter5', '__init__.py'),
          encoding='utf-8') as f:
    VERSION = re.search(r"^__version__ = '([^']+)'$", f.read(), re.M).group(1)

setup(
    name='chapter5',
    version=VERSION,
    description='Chapter 5 (CNNs) of Dive into Deep Learning, MXNet Gluon edition, '
                'runnable offline and checked against the documented outputs',
    packages=find_packages(include=['chapter5', 'chapter5.*']),
    py_modules=['_chapter5_startup'],
    data_files=[(SITE_PACKAGES, ['chapter5-startup.pth'])],
    # numpy 1.23.5 / 1.26.4 (below) have releases for 3.10-3.13; the test stack (pytest 9.2,
    # matplotlib 3.10.9) needs 3.10+
    python_requires='>=3.10,<3.15',
    # Compatible ranges: what `pip install .` needs in an environment the learner already has (Colab,
    # conda, a school's JupyterHub), chosen so that what is installed there and works stays as it is.
    # The project's own venv holds exact versions from its hash lock (requirements/venv.in pins them;
    # docs/install.md).
    install_requires=[
        # numpy 1 up to Python 3.12 (MXNet's own numpy<2 holds there; 1.24-1.26 lack `numpy.bool`, which
        # the start-up hook gives back); numpy 2 from 3.13, where no numpy 1.x has wheels: 2.1 (Colab's
        # 2.1.3) to 2.3 (the lock's 2.3.5), with the names numpy 2 removed given back by the hook
        'numpy>=1.23.5,<2; python_version < "3.13"',
        'numpy>=2.1,<2.4; python_version >= "3.13"',
        # MXNet 1.9.1 declares numpy<2.0.0: where numpy 2 is used pip cannot install it with its declared
        # dependencies, so there it comes with --no-deps (the notebooks' first cell; the lock through an
        # override) and its real dependencies are listed here
        'mxnet==1.9.1; python_version < "3.13"',
        'requests>=2.20.0,<3; python_version >= "3.13"',
        # MXNet pins graphviz<0.9; plot_network uses Digraph, node, edge and render, which 0.21 (Colab's)
        # keeps: checked by tests/test_diagrams.py in make colab-check
        'graphviz>=0.8.1; python_version >= "3.13"',
        'setuptools; python_version >= "3.12"',  # `distutils`, which MXNet imports, left Python in 3.12
        'd2lzh==1.0.0',
        'gluoncv==0.10.5.post0',
        # predict decodes pictures with cv2: 4.11 is the last on numpy 1.x; from 4.12 it wants numpy 2
        'opencv-python>=4.5,<4.12; python_version < "3.13"',
        'opencv-python>=4.12; python_version >= "3.13"',
        'matplotlib>=3.5',  # the engine's curve.png
        'tqdm>=4.60',  # the engine's progress bars
    ],
    extras_require={
        # running the notebooks (d2lzh brings Jupyter too; these are the parts used here)
        'notebooks': KERNEL + ['nbclient==0.11.0', 'nbformat==5.11.1', 'matplotlib==3.10.9',
                               'matplotlib-inline==0.2.2'],
        # the benchmarks compare with PyTorch on the CPU (never needed by the package); the tests check
        # the PyTorch networks they train (benchmarks/torch_models.py) against chapter5's
        'bench': TORCH,
        # chapter5 export --format onnx, and the second runtime the tests check it in (both install
        # beside numpy 1.23.5: checked)
        'export': EXPORT,
        'site': SITE,
        'test': ['pytest==9.2.0', 'pytest-xdist==3.8.0', 'ruff==0.17.6', 'nbclient==0.11.0',
                 'nbconvert==7.17.2', 'nbformat==5.11.1', 'matplotlib==3.10.9', 'matplotlib-inline==0.2.2']
        + KERNEL + EXPORT + SITE,
    },
    entry_points={'console_scripts': ['chapter5=chapter5.__main__:main']},
)
