"""chapter5.engine.batch_norm_twins: 5.10's from-scratch BatchNorm compiled trains as the notes' network,
and its prediction twin equals the notes' block."""
import mxnet as mx
import numpy as np
from conftest import real_images
from mxnet import autograd, gluon, init, nd

from chapter5 import MODELS, get_model
from chapter5.data import read_fashion_mnist
from chapter5.engine.twins import predictor, twin


def test_scratch_batch_norm_network_trains_as_the_notes_network():
    """lenet_bn_scratch compiled (ScratchSequential, MXNet's BatchNorm operator in training) takes the
    notes' imperative network's steps: after three SGD steps at lr 1 on real images, the same
    parameters and moving statistics (the ones checkpoints keep) but for float rounding, and the same
    predictions with them. An unbiased variance (x 64/63) or another momentum would be 1e-2 off."""
    images, labels = read_fashion_mnist(train=True)
    X = nd.array(images[:192].transpose(0, 3, 1, 2)) / 255
    y = nd.array(labels[:192])
    runs = []
    for compiled in (False, True):
        mx.random.seed(3)
        net = MODELS['lenet_bn_scratch']()
        net.initialize(init.Xavier())
        model = twin(net) if compiled else net
        if compiled:
            model.hybridize(static_alloc=True)
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 1.0})
        loss = gluon.loss.SoftmaxCrossEntropyLoss()
        for i in range(3):
            with autograd.record():
                l = loss(model(X[i * 64:(i + 1) * 64]), y[i * 64:(i + 1) * 64]).sum()
            l.backward()
            trainer.step(64)
        bns = [b for b in net if type(b).__name__ == 'BatchNorm']
        runs.append(([p.data().asnumpy() for p in net.collect_params().values()],
                     [a.asnumpy() for b in bns for a in (b.moving_mean, b.moving_var)],
                     model(X[:64]).asnumpy()))
    (params, moving, predicted), (params2, moving2, predicted2) = runs
    assert len(moving) == 8 and all(m.any() for m in moving)  # four BatchNorms, moved from zero
    for a, b in zip(params + moving, params2 + moving2):
        np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-4)  # biases before a BN: noise near 0
    np.testing.assert_allclose(predicted2, predicted, rtol=1e-3, atol=1e-4)


def test_the_prediction_twin_of_the_scratch_batch_norm_equals_the_notes_block():
    net = get_model('lenet_bn_scratch')()
    net.initialize(init.Xavier())
    X, _ = real_images(16, 28)
    for _ in range(3):
        with autograd.record():
            net(X)
    twin = predictor(net)
    twin.hybridize()
    assert type(twin[1]).__name__ == 'PredictBatchNorm' and twin[1].gamma is net[1].gamma
    np.testing.assert_allclose(twin(X).asnumpy(), net(X).asnumpy(), rtol=1e-5, atol=1e-6)
