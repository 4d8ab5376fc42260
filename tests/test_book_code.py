"""The book's own chapter-5 code runs unmodified with `import chapter5.utils as d2l` on the real data.

Each section of tests/book_code.py (the book's code as a learner types it) runs in a fresh
process with `import d2lzh as d2l` replaced by `import chapter5.utils as d2l` and nothing else
changed. Two things the harness does around the code, not in it: every DataLoader yields only the
first 16 examples of its first batch, read in the main process (no worker processes, which would
read ahead eight batches), so that the 224x224 recipes take seconds rather than hours (the whole
recipes run in `chapter5 reproduce`, and LeNet's and the BN-LeNets' in the notebooks); and 5.6's own
`load_data_fashion_mnist`, which calls MXNet's `gdata.vision.FashionMNIST` directly, gets the
offline `chapter5.utils.FashionMNIST` in its place: MXNet's class checks the files by sha1 and
downloads them when that fails, which it does for Debian's re-compressed files, offline.
"""
import re
import subprocess
import sys

import pytest
from book_code import SECTIONS
from conftest import EPOCH_LINE, fold

HARNESS = '''
import itertools
from mxnet.gluon import data as gdata
import chapter5.utils

class FirstBatch(gdata.DataLoader):
    def __init__(self, dataset, batch_size, shuffle=False, num_workers=0, **kwargs):
        super().__init__(dataset, batch_size, shuffle=shuffle, num_workers=0, **kwargs)

    def __iter__(self):
        return ((X[:16], y[:16]) for X, y in itertools.islice(super().__iter__(), 1))

gdata.DataLoader = FirstBatch
gdata.vision.FashionMNIST = chapter5.utils.FashionMNIST
'''

# what each section must print (from the notes and the book), besides running to the end
PRINTED = {
    '5.1': ['[[19. 25.] [37. 43.]]', 'batch 10, loss 0.004', '[[ 0.9895 -0.9873705]] <NDArray 1x2 @cpu(0)>'],
    '5.2': ['(8, 8) (8, 8) (4, 4) (2, 2)'],
    '5.3': ['[[ 56. 72.] [104. 120.]]', '[[ 96. 128.] [192. 224.]]] <NDArray 3x2x2 @cpu(0)>', 'True'],
    '5.4': ['[[4. 5.] [7. 8.]]', '[[[[10.]]]]', '[[[[ 0. 3.] [ 8. 11.] [12. 15.]]]]'],
    '5.5': ['dense2 output shape: (1, 10)'],
    '5.6': ['pool2 output shape: (1, 256, 5, 5)'],
    '5.7': ['sequential5 output shape: (1, 512, 7, 7)', '[(1, 16), (1, 32), (2, 64), (2, 128), (2, 128)]'],
    '5.8': ['flatten0 output shape: (1, 10)'],
    '5.9': ['sequential4 output shape: (1, 1024, 1, 1)'],
    '5.11': ['(4, 3, 6, 6) (4, 6, 3, 3)', 'sequential4 output shape: (1, 512, 7, 7)'],
    '5.12': ['(4, 23, 8, 8) (4, 10, 4, 4)'],
}
TRAININGS = {'5.5': 1, '5.6': 1, '5.7': 1, '5.8': 1, '5.9': 1, '5.10': 2, '5.11': 1, '5.12': 1}


def run_book_code(code):
    code = code.replace('import d2lzh as d2l', 'import chapter5.utils as d2l')
    return subprocess.run([sys.executable, '-c', HARNESS + code], capture_output=True, text=True)


def test_every_section_is_here_and_imports_d2lzh_where_the_book_does():
    assert list(SECTIONS) == ['5.%d' % i for i in range(1, 13)]
    assert [s for s, code in SECTIONS.items() if 'import d2lzh as d2l' in code] == \
        ['5.3', '5.5', '5.6', '5.7', '5.8', '5.9', '5.10', '5.11', '5.12']


@pytest.mark.parametrize('section', list(SECTIONS))
def test_the_books_code_runs_with_chapter5_utils_as_d2l(section):
    proc = run_book_code(SECTIONS[section])
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = fold(proc.stdout)
    for expected in PRINTED.get(section, []):
        assert fold(expected) in out, expected
    lines = proc.stdout.splitlines()
    epochs = [m.group(1) for m in map(EPOCH_LINE.fullmatch, lines) if m]
    assert lines.count('training on cpu(0)') == TRAININGS.get(section, 0)
    assert epochs == list('12345') * TRAININGS.get(section, 0)


def test_without_the_chapters_d2l_the_books_5_3_stops():
    """The harness really runs the code: with a d2l that lacks corr2d, 5.3 fails as the issue saw."""
    code = SECTIONS['5.3'].replace('import d2lzh as d2l', 'import types\nd2l = types.ModuleType("d2l")')
    proc = subprocess.run([sys.executable, '-c', HARNESS + code], capture_output=True, text=True)
    assert proc.returncode != 0 and re.search(r"has no attribute 'corr2d'", proc.stderr)
