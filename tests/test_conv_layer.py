"""5.1: the notes' printouts, corr2d against MXNet's convolution, bad input."""
import numpy as np
import pytest
from conftest import fold, run_module
from mxnet import nd

from chapter5.conv_layer import Conv2D, corr2d
from chapter5.exercises.common import edge_image


def test_figure_5_1_example():
    X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    K = nd.array([[0, 1], [2, 3]])
    assert corr2d(X, K).asnumpy().tolist() == [[19, 25], [37, 43]]


def test_edge_image_and_edges_print_as_in_the_notes():
    X = edge_image()
    assert fold(str(X)) == fold('''
[[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]]
<NDArray 6x8 @cpu(0)>''')
    Y = corr2d(X, nd.array([[1, -1]]))
    assert Y.shape == (6, 7)
    assert str(Y).endswith('<NDArray 6x7 @cpu(0)>')
    assert Y.asnumpy().tolist() == [[0, 1, 0, 0, 0, -1, 0]] * 6


def test_corr2d_matches_mxnet_convolution():
    rng = np.random.RandomState(0)
    for (h, w), (kh, kw) in [((6, 8), (1, 2)), ((5, 5), (3, 3)), ((7, 4), (2, 4)), ((3, 3), (3, 3))]:
        X, K = nd.array(rng.randn(h, w)), nd.array(rng.randn(kh, kw))
        oracle = nd.Convolution(X.reshape((1, 1, h, w)), K.reshape((1, 1, kh, kw)),
                                kernel=(kh, kw), num_filter=1, no_bias=True)
        np.testing.assert_allclose(corr2d(X, K).asnumpy(), oracle[0, 0].asnumpy(), rtol=1e-5, atol=1e-5)


def test_conv2d_block_is_corr2d_plus_bias():
    layer = Conv2D(kernel_size=(1, 2))
    layer.initialize()
    X = edge_image()
    layer(X)
    layer.weight.set_data(nd.array([[1, -1]]))
    layer.bias.set_data(nd.array([0.5]))
    np.testing.assert_array_equal(layer(X).asnumpy(), corr2d(X, nd.array([[1, -1]])).asnumpy() + 0.5)


def test_kernel_learning_prints_the_books_numbers_in_a_fresh_process():
    code, out, err = run_module('chapter5.conv_layer')
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith('batch')]
    assert lines == ['batch 2, loss 4.949', 'batch 4, loss 0.831', 'batch 6, loss 0.140',
                     'batch 8, loss 0.024', 'batch 10, loss 0.004']
    assert fold('[[ 0.9895 -0.9873705]] <NDArray 1x2 @cpu(0)>') in fold(out)


def test_main_replays_5_1_as_the_notes_print_it():
    """The notes' 5.1.3 and 5.1.4 cells, in order: X, Y, five loss lines, the learned kernel."""
    import contextlib
    import io

    import mxnet as mx

    from chapter5.conv_layer import main
    mx.random.seed(0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main()
    text = fold(out.getvalue())
    assert text.startswith(fold(str(edge_image())))
    assert fold(str(corr2d(edge_image(), nd.array([[1, -1]])))) in text
    losses = [float(line.split('loss ')[1]) for line in out.getvalue().splitlines()
              if line.startswith('batch')]
    assert len(losses) == 5 and losses == sorted(losses, reverse=True) and losses[-1] < 0.05
    assert text.endswith('<NDArray 1x2 @cpu(0)>')


@pytest.mark.parametrize('X, K, words', [
    (nd.ones((2, 2)), nd.ones((3, 1)), 'no larger than X'),
    (nd.ones((4, 4)), nd.ones((1, 5)), 'no larger than X'),
    (nd.ones((1, 4, 4)), nd.ones((2, 2)), 'a 2-D X'),
    (nd.ones((4, 4)), nd.ones((2,)), 'a 2-D kernel'),
])
def test_corr2d_rejects_bad_shapes(X, K, words):
    with pytest.raises(ValueError, match=words) as info:
        corr2d(X, K)
    assert str(X.shape) in str(info.value) and str(K.shape) in str(info.value)
