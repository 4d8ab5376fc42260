"""chapter5.engine.trainer_state: a trainer's state kept as data (JSON and MXNet's NDArray file), read
back so that training goes on exactly as if never stopped, with momentum too; nothing is unpickled."""
import json

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd

from chapter5.engine import trainer_state


def dense_and_trainer(momentum):
    mx.random.seed(0)
    net = gluon.nn.Dense(3)
    net.initialize(init.Xavier())
    return net, gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': momentum})


def step(net, trainer, X):
    with autograd.record():
        loss = (net(X) ** 2).sum()
    loss.backward()
    trainer.step(4)


@pytest.mark.parametrize('momentum', [0.0, 0.9])
def test_a_saved_and_loaded_trainer_steps_as_the_unstopped_one(tmp_path, momentum):
    X = nd.random.uniform(shape=(4, 5))
    net, trainer = dense_and_trainer(momentum)
    for _ in range(3):
        step(net, trainer, X)
    paths = str(tmp_path / 'optimizer.json'), str(tmp_path / 'optimizer.nd')
    trainer_state.save(trainer, *paths)
    net.save_parameters(str(tmp_path / 'params'))
    step(net, trainer, X)
    again, fresh = dense_and_trainer(momentum)
    again(X)
    again.load_parameters(str(tmp_path / 'params'))
    trainer_state.load(fresh, *paths)
    step(again, fresh, X)
    assert np.array_equal(again.weight.data().asnumpy(), net.weight.data().asnumpy())
    meta = json.loads(open(paths[0]).read())
    assert meta['num_update'] == 3 and meta['update_counts'] == {'0': {'0': 3, '1': 3}}
    assert meta['states'] == [{'0': None, '1': None}] if not momentum else [{'0': 'u0.0', '1': 'u0.1'}]


def test_another_trainers_state_is_refused(tmp_path):
    net, trainer = dense_and_trainer(0.0)
    step(net, trainer, nd.ones((4, 5)))
    paths = str(tmp_path / 'optimizer.json'), str(tmp_path / 'optimizer.nd')
    trainer_state.save(trainer, *paths)
    other = gluon.nn.Dense(3)
    other.initialize()
    other(nd.ones((4, 5)))
    with pytest.raises(ValueError, match='holds the state of another trainer'):
        trainer_state.load(gluon.Trainer(other.collect_params(), 'adam'), *paths)


def test_momentum_of_parameters_in_another_order_is_refused(tmp_path):
    """Gluon's Trainer orders parameters by name: a network numbered otherwise (dense10 before dense9)
    would take each momentum for another parameter; load says so instead of failing mid-step."""
    def two_layers(first, second):
        net = gluon.nn.Sequential()
        net.add(gluon.nn.Dense(first, in_units=5), gluon.nn.Dense(second))
        net.initialize(init.Xavier())
        return net, gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
    X = nd.random.uniform(shape=(4, 5))
    net, trainer = two_layers(3, 2)
    step(net, trainer, X)
    paths = str(tmp_path / 'optimizer.json'), str(tmp_path / 'optimizer.nd')
    trainer_state.save(trainer, *paths)
    other, other_trainer = two_layers(4, 2)  # the same number of parameters, shaped otherwise
    step(other, other_trainer, X)
    with pytest.raises(ValueError, match='holds the state of parameters in another order'):
        trainer_state.load(other_trainer, *paths)
