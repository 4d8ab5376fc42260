"""5.4: pool2d from scratch against nd.Pooling; the book's printouts; bad input."""
import numpy as np
import pytest
from mxnet import nd

from chapter5.pooling import pool2d


def test_pool2d_on_0_to_8():
    X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    assert pool2d(X, (2, 2)).asnumpy().tolist() == [[4, 5], [7, 8]]
    assert pool2d(X, (2, 2), 'avg').asnumpy().tolist() == [[2, 3], [5, 6]]


@pytest.mark.parametrize('mode', ['max', 'avg'])
def test_pool2d_matches_mxnet_pooling(mode):
    rng = np.random.RandomState(2)
    for shape, window in [((4, 4), (2, 2)), ((5, 7), (3, 2)), ((6, 6), (1, 1)), ((3, 3), (3, 3))]:
        X = nd.array(rng.randn(*shape))
        oracle = nd.Pooling(X.reshape((1, 1) + shape), kernel=window, stride=(1, 1), pool_type=mode)
        np.testing.assert_allclose(pool2d(X, window, mode).asnumpy(), oracle[0, 0].asnumpy(), rtol=1e-5)


def test_unknown_mode_is_an_error_not_zeros():
    with pytest.raises(ValueError, match="mode 'max' or 'avg'.*mode 'min'"):
        pool2d(nd.ones((3, 3)), (2, 2), 'min')


@pytest.mark.parametrize('window', [(4, 1), (1, 4), (0, 1)])
def test_window_that_does_not_fit_is_an_error(window):
    with pytest.raises(ValueError, match=r'window no larger than X.*X of shape \(3, 3\), window'):
        pool2d(nd.ones((3, 3)), window)


def test_main_prints_the_documented_printouts_in_process():
    """`chapter5 verify`'s checks of 5.4, on main() called in this process."""
    from conftest import assert_prints_the_documented_tables
    assert_prints_the_documented_tables('5.4')
