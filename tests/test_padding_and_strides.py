"""5.2: output shapes with padding and strides, as the book prints them."""
import pytest
from conftest import run_module
from mxnet import nd
from mxnet.gluon import nn

from chapter5.padding_and_strides import comp_conv2d


@pytest.mark.parametrize('kwargs, shape', [
    (dict(kernel_size=3, padding=1), (8, 8)),
    (dict(kernel_size=(5, 3), padding=(2, 1)), (8, 8)),
    (dict(kernel_size=3, padding=1, strides=2), (4, 4)),
    (dict(kernel_size=(3, 5), padding=(0, 1), strides=(3, 4)), (2, 2)),
])
def test_book_shapes(kwargs, shape):
    X = nd.random.uniform(shape=(8, 8))
    Y = comp_conv2d(nn.Conv2D(1, **kwargs), X)
    assert Y.shape == shape


def test_formula_of_the_notes_matches_gluon():
    # floor((n - k + 2p + s) / s), with p the padding on each side
    for n in (5, 8, 11):
        for k in (1, 2, 3):
            for p in (0, 1, 2):
                for s in (1, 2, 3):
                    Y = comp_conv2d(nn.Conv2D(1, kernel_size=k, padding=p, strides=s),
                                    nd.ones((n, n)))
                    assert Y.shape[0] == (n - k + 2 * p + s) // s


def test_main_prints_the_four_shapes():
    code, out, err = run_module('chapter5.padding_and_strides')
    assert code == 0, err
    assert out.splitlines() == ['(8, 8)', '(8, 8)', '(4, 4)', '(2, 2)']


def test_main_prints_the_documented_printouts_in_process():
    """`chapter5 verify`'s checks of 5.2, on main() called in this process."""
    from conftest import assert_prints_the_documented_tables
    assert_prints_the_documented_tables('5.2')
