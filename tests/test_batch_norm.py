"""5.10: batch_norm and BatchNorm against the formula and against Gluon's nn.BatchNorm."""
import numpy as np
import pytest
from mxnet import autograd, nd
from mxnet.gluon import nn

from chapter5.batch_norm import BatchNorm, batch_norm

RNG = np.random.RandomState(3)


def formula(X, axes, eps=1e-5):
    mean = X.mean(axis=axes, keepdims=True)
    var = ((X - mean) ** 2).mean(axis=axes, keepdims=True)  # biased, 1/m
    return (X - mean) / np.sqrt(var + eps), mean, var


@pytest.mark.parametrize('shape, axes', [((16, 5), (0,)), ((8, 3, 4, 5), (0, 2, 3))])
def test_training_mode_matches_the_formula_and_updates_moving_stats(shape, axes):
    X = RNG.randn(*shape).astype(np.float32) * 3 + 1
    stat_shape = tuple(1 if i in axes else n for i, n in enumerate(shape))
    gamma = RNG.rand(*stat_shape).astype(np.float32) + 0.5
    beta = RNG.randn(*stat_shape).astype(np.float32)
    moving_mean = RNG.randn(*stat_shape).astype(np.float32)
    moving_var = RNG.rand(*stat_shape).astype(np.float32)
    with autograd.record():
        Y, new_mean, new_var = batch_norm(nd.array(X), nd.array(gamma), nd.array(beta),
                                          nd.array(moving_mean), nd.array(moving_var),
                                          eps=1e-5, momentum=0.9)
    X_hat, mean, var = formula(X, axes)
    np.testing.assert_allclose(Y.asnumpy(), gamma * X_hat + beta, rtol=1e-4, atol=1e-4)
    # MXNet's convention: moving = momentum * moving + (1 - momentum) * batch statistic
    np.testing.assert_allclose(new_mean.asnumpy().reshape(stat_shape), 0.9 * moving_mean + 0.1 * mean,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_var.asnumpy().reshape(stat_shape), 0.9 * moving_var + 0.1 * var,
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('shape', [(16, 5), (8, 3, 4, 5)])
def test_prediction_mode_uses_the_moving_stats(shape):
    X = RNG.randn(*shape).astype(np.float32)
    stat_shape = (1, shape[1]) + (1,) * (len(shape) - 2)
    mean, var = RNG.randn(*stat_shape), RNG.rand(*stat_shape) + 0.1
    Y, new_mean, new_var = batch_norm(nd.array(X), nd.ones(stat_shape), nd.zeros(stat_shape),
                                      nd.array(mean), nd.array(var), eps=1e-5, momentum=0.9)
    np.testing.assert_allclose(Y.asnumpy(), (X - mean) / np.sqrt(var + 1e-5), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(new_mean.asnumpy(), mean, rtol=1e-6)  # unchanged
    np.testing.assert_allclose(new_var.asnumpy(), var, rtol=1e-6)


@pytest.mark.parametrize('num_dims, shape', [(2, (16, 6)), (4, (8, 6, 4, 5))])
def test_block_matches_gluon_batchnorm_in_both_modes(num_dims, shape):
    X = nd.array(RNG.randn(*shape) * 2 + 0.5)
    ours, gluons = BatchNorm(6, num_dims=num_dims), nn.BatchNorm(in_channels=6)
    ours.initialize()
    gluons.initialize()
    assert ours.moving_mean.sum().asscalar() == 0 and ours.moving_var.sum().asscalar() == 0
    for _ in range(3):
        with autograd.record():
            Y_ours, Y_gluon = ours(X), gluons(X)
            total = Y_ours.sum() + Y_gluon.sum()
        total.backward()  # nn.BatchNorm updates its running statistics on a backward pass
        np.testing.assert_allclose(Y_ours.asnumpy(), Y_gluon.asnumpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ours.moving_mean.asnumpy().ravel(), gluons.running_mean.data().asnumpy(),
                               rtol=1e-5, atol=1e-6)
    # Gluon's running variance starts at 1, ours at 0: after 3 updates they differ by 0.9**3
    np.testing.assert_allclose(ours.moving_var.asnumpy().ravel() + 0.9 ** 3,
                               gluons.running_var.data().asnumpy(), rtol=1e-5, atol=1e-6)
    # prediction mode, with the same moving statistics on both sides
    gluons.running_var.set_data(ours.moving_var.reshape((-1,)))
    np.testing.assert_allclose(ours(X).asnumpy(), gluons(X).asnumpy(), rtol=1e-4, atol=1e-4)


def test_other_dimensions_are_refused():
    # in training mode, where the notes assert it
    with pytest.raises(ValueError, match=r'2-D .* or 4-D .* got shape \(2, 3, 4\)'), autograd.record():
        batch_norm(nd.ones((2, 3, 4)), nd.ones((1, 3, 1)), nd.zeros((1, 3, 1)), nd.zeros((1, 3, 1)),
                   nd.zeros((1, 3, 1)), eps=1e-5, momentum=0.9)
    with pytest.raises(ValueError, match='num_dims must be 2 .* or 4 .* got 3'):
        BatchNorm(6, num_dims=3)


def test_block_follows_its_input_to_another_context():
    import mxnet as mx
    layer = BatchNorm(2, num_dims=2)
    layer.initialize(ctx=mx.cpu(1))
    Y = layer(nd.ones((4, 2), ctx=mx.cpu(1)))
    assert Y.context == mx.cpu(1) and layer.moving_mean.context == mx.cpu(1)


def test_main_prints_the_documented_tables_in_process():
    from conftest import assert_prints_the_documented_tables
    assert_prints_the_documented_tables('5.10')


@pytest.mark.parametrize('name', ['lenet_bn_scratch', 'lenet_bn'])
def test_forward_at_the_book_input_size_and_learns_on_real_data(name, real_batch):
    from conftest import assert_forward_at_the_book_input_size, assert_learns_on_a_real_batch
    assert_forward_at_the_book_input_size(name)
    assert_learns_on_a_real_batch(name, real_batch)
