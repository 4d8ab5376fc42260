"""5.3: multi-channel cross-correlation, the notes' printouts and MXNet as oracle."""
import numpy as np
import pytest
from conftest import fold
from mxnet import nd

from chapter5.channels import corr2d_multi_in, corr2d_multi_in_out, corr2d_multi_in_out_1x1


def example_input():
    """The notes' 5.3.1 input: two channels of 3x3, and a kernel of two 2x2 channels."""
    X = nd.array([[[0, 1, 2], [3, 4, 5], [6, 7, 8]],
                  [[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = nd.array([[[0, 1], [2, 3]], [[1, 2], [3, 4]]])
    return X, K


def convolution(X, K):
    """MXNet's own operator: X is (c_i, h, w), K is (c_o, c_i, k_h, k_w)."""
    return nd.Convolution(X.expand_dims(0), K, kernel=K.shape[2:], num_filter=K.shape[0],
                          no_bias=True)[0]


def test_corr2d_multi_in_prints_as_in_the_notes():
    X, K = example_input()
    Y = corr2d_multi_in(X, K)
    assert fold(str(Y)) == fold('[[ 56. 72.]\n[104. 120.]]\n<NDArray 2x2 @cpu(0)>')


def test_stacked_kernel_and_three_outputs():
    X, K = example_input()
    K = nd.stack(K, K + 1, K + 2)
    Y = corr2d_multi_in_out(X, K)
    assert str(Y).endswith('<NDArray 3x2x2 @cpu(0)>')
    assert Y.asnumpy().tolist() == [[[56, 72], [104, 120]], [[76, 100], [148, 172]],
                                    [[96, 128], [192, 224]]]


def test_against_mxnet_convolution():
    rng = np.random.RandomState(1)
    X = nd.array(rng.randn(3, 6, 5))
    K = nd.array(rng.randn(4, 3, 2, 3))
    np.testing.assert_allclose(corr2d_multi_in_out(X, K).asnumpy(), convolution(X, K).asnumpy(),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(corr2d_multi_in(X, K[0]).asnumpy(), convolution(X, K[:1])[0].asnumpy(),
                               rtol=1e-4, atol=1e-4)


def test_1x1_as_matrix_product():
    X = nd.random.uniform(shape=(3, 3, 3))
    K = nd.random.uniform(shape=(2, 3, 1, 1))
    Y1 = corr2d_multi_in_out_1x1(X, K)
    Y2 = corr2d_multi_in_out(X, K)
    assert (Y1 - Y2).norm().asscalar() < 1e-6
    np.testing.assert_allclose(Y1.asnumpy(), convolution(X, K).asnumpy(), rtol=1e-5)


def test_channel_mismatch_is_an_error():
    X, K = example_input()
    with pytest.raises(ValueError, match='2 channels but K has 3'):
        corr2d_multi_in(X, nd.stack(K[0], K[0], K[0]))


def test_main_prints_the_documented_printouts_in_process():
    """`chapter5 verify`'s checks of 5.3, on main() called in this process."""
    from conftest import assert_prints_the_documented_tables
    assert_prints_the_documented_tables('5.3')
