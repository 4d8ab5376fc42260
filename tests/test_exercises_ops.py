"""Exercises of 5.1-5.4: each computed answer against an oracle (MXNet's operators, loops, formulas)."""
import numpy as np
import pytest
from mxnet import nd

from chapter5.conv_layer import corr2d
from chapter5.exercises import conv_layer as ex51
from chapter5.exercises import pooling as ex54
from chapter5.exercises.channels import compare_1x1, conv_counted, conv_matmul, conv_ops
from chapter5.exercises.common import edge_image
from chapter5.exercises.padding_and_strides import check_formula, conv_output_shape
from chapter5.pooling import pool2d


def convolution(X, K, padding, strides):
    """MXNet's own convolution of one (c, h, w) input: the oracle."""
    pad, stride = [(v, v) if np.isscalar(v) else v for v in (padding, strides)]
    return nd.Convolution(X.expand_dims(0), K, kernel=K.shape[2:], num_filter=K.shape[0], pad=pad,
                          stride=stride, no_bias=True)[0]


# 5.1

def test_horizontal_and_diagonal_edges_are_found_exactly_where_they_are():
    found = ex51.edge_kernels()
    _, _, Y = found['水平边缘，K=[[1],[-1]]']
    assert Y.asnumpy().tolist() == [[0] * 8] * 2 + [[1] * 8] + [[0] * 8] * 2  # the edge under row 2
    _, _, Y = found['对角边缘，K=[[0,1],[-1,0]]']
    i, j = np.indices(Y.shape)
    assert (Y.asnumpy() == ((j == i) | (j == i - 1))).all()  # the two cells across the diagonal
    # a kernel that differences along the edge sees nothing
    for name in ('水平边缘，K=[[1,-1]]（笔记的核）', '对角边缘，K=[[1,0],[0,-1]]（沿边缘方向）'):
        assert found[name][2].abs().sum().asscalar() == 0


def test_autograd_refuses_the_notes_conv2d_and_learns_through_convolution():
    assert 'Inplace operations' in ex51.conv2d_autograd_error()
    conv, loss = ex51.learn_kernel_convolution()
    np.testing.assert_allclose(conv.weight.data().asnumpy(), [[1, -1]], atol=1e-3)
    assert abs(conv.bias.data().asscalar()) < 1e-3 and loss < 1e-6


@pytest.mark.parametrize('shape,kernel,padding,strides', [
    ((6, 8), (1, 2), 0, 1), ((3, 9, 11), (3, 2), 1, 2), ((2, 7, 5), (2, 3), (2, 1), (3, 1)),
    ((1, 5, 5), (5, 5), 0, 1)])
def test_im2col_product_equals_mxnet_convolution(shape, kernel, padding, strides):
    X = nd.random.uniform(shape=shape)
    c = 1 if len(shape) == 2 else shape[0]
    K = nd.random.uniform(shape=(4, c) + kernel)
    Y = conv_matmul(X.reshape((c,) + X.shape[-2:]), K, padding, strides)
    np.testing.assert_allclose(Y.asnumpy(), convolution(X.reshape((c,) + X.shape[-2:]), K, padding,
                                                        strides).asnumpy(), rtol=1e-5, atol=1e-5)


def test_both_matrix_forms_equal_corr2d():
    X, K = nd.random.uniform(shape=(9, 7)), nd.random.uniform(shape=(3, 2))
    expected = corr2d(X, K).asnumpy()
    np.testing.assert_allclose(ex51.corr2d_matmul(X, K).asnumpy(), expected, rtol=1e-5)
    W = ex51.kernel_matrix(K, X.shape)
    assert W.shape == (7 * 6, 9 * 7)
    np.testing.assert_allclose(nd.dot(W, X.reshape((-1,))).reshape((7, 6)).asnumpy(), expected, rtol=1e-5)


def test_im2col_refuses_a_window_larger_than_the_padded_input():
    with pytest.raises(ValueError, match='does not fit'):
        ex51.im2col(nd.ones((3, 3)), (5, 5))


def test_the_speed_answer_compares_equal_outputs():
    t_loop, t_matmul, err = ex51.corr2d_speedup(size=16, repeat=1)
    # equal outputs, and the loop over 14x14 windows slower than one product (the ratio: benchmarks/im2col.py)
    assert err < 1e-5 and t_loop > 3 * t_matmul, (t_loop, t_matmul)


def test_dense_layer_learns_the_edge_detector_and_its_matrix_is_the_kernel_matrix():
    net, err = ex51.learn_dense_edge_detector()
    assert err < 0.05
    W = ex51.kernel_matrix(nd.array([[1, -1]]), (6, 8)).asnumpy()
    np.testing.assert_allclose(net.weight.data().asnumpy(), W, atol=0.05)
    X = edge_image()
    np.testing.assert_allclose(net(X.reshape((1, -1))).reshape((6, 7)).asnumpy(),
                               corr2d(X, nd.array([[1, -1]])).asnumpy(), atol=0.05)


# 5.2

def test_output_shape_formula_agrees_with_conv2d_everywhere():
    rows = check_formula()
    assert len(rows) == 108
    assert all(formula == measured for *_, formula, measured in rows)
    assert conv_output_shape((8, 8), (3, 5), (0, 1), (3, 4)) == (2, 2)


def test_output_shape_refuses_a_kernel_larger_than_the_padded_input():
    with pytest.raises(ValueError, match='larger than the input'):
        conv_output_shape((3, 3), 6, padding=1)


# 5.3

@pytest.mark.parametrize('in_shape,k_shape,padding,strides', [
    ((1, 4, 4), (1, 1, 2, 2), 0, 1), ((3, 7, 6), (2, 3, 3, 2), (1, 2), (2, 1)),
    ((2, 5, 5), (3, 2, 1, 1), 0, 2)])
def test_operation_counts_formula_equals_the_loops_count(in_shape, k_shape, padding, strides):
    X, K = nd.random.uniform(shape=in_shape), nd.random.uniform(shape=k_shape)
    Y, counted = conv_counted(X, K, padding, strides)
    assert counted == conv_ops(in_shape, k_shape, padding, strides)
    np.testing.assert_allclose(Y, convolution(X, K, padding, strides).asnumpy(), rtol=1e-5)


def test_operation_counts_scale_as_the_answers_say():
    base = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=1)
    assert conv_ops((128, 56, 56), (128, 128, 3, 3), padding=1)['mults'] == 4 * base['mults']
    assert base['mults'] == 9 * conv_ops((64, 56, 56), (64, 64, 1, 1))['mults']
    assert conv_ops((1, 3, 3), (1, 1, 2, 2), bias=True) == {'mults': 16, 'adds': 16}
    with pytest.raises(ValueError, match='input channels'):
        conv_ops((3, 5, 5), (2, 4, 3, 3))


def test_y1_and_y2_differ_by_rounding_only():
    equal, largest = compare_1x1(trials=200)
    # float32 sums in another order: most trials differ in the last bits, none by more than rounding
    assert equal < 100 and 0 < largest < 1e-6, (equal, largest)


# 5.4

@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('pool_size,padding,strides', [((2, 2), 0, None), ((3, 2), (1, 1), (2, 3)),
                                                       ((3, 3), 1, 1)])
def test_pooling_cost_formula_equals_the_loops_count_and_pooling_equals_mxnet(mode, pool_size, padding,
                                                                            strides):
    X = nd.random.uniform(shape=(2, 7, 9))
    Y, counted = ex54.pool_counted(X, pool_size, padding, strides, mode)
    assert counted == ex54.pool_ops((2, 7, 9), pool_size, padding, strides, mode)
    pad, stride = [(v, v) if np.isscalar(v) else v for v in (padding, strides or pool_size)]
    ref = nd.Pooling(X.expand_dims(0), kernel=pool_size, pad=pad, stride=stride, pool_type=mode)[0]
    np.testing.assert_allclose(Y, ref.asnumpy(), rtol=1e-6)


def test_min_pooling_is_the_window_minimum():
    X = nd.random.uniform(shape=(5, 6))
    windows = np.lib.stride_tricks.sliding_window_view(X.asnumpy(), (2, 3))
    np.testing.assert_array_equal(ex54.min_pool2d(X, (2, 3)).asnumpy(), windows.min(axis=(2, 3)))


def test_max_pooling_keeps_the_edge_peak_and_average_pooling_halves_it():
    Y = ex54.shifted_edges(0)
    assert pool2d(Y, (2, 2)).max().asscalar() == 1
    assert pool2d(Y, (2, 2), 'avg').max().asscalar() == 0.5
    assert ex54.shifted_edges(1).asnumpy().tolist()[0] == [0, 0, 1, 0, 0, 0, -1]
    # after a ReLU, min pooling of the edge map is all zeros
    assert ex54.min_pool2d(nd.relu(Y), (2, 2)).abs().sum().asscalar() == 0
