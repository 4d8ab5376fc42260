"""chapter5.speedrun.trainer: the schedule's rate at its landmarks, no weight decay on biases and
batch-norm parameters, and one step against SGD with momentum and decay written out in numpy."""
import math

import numpy as np
from mxnet import autograd, init, nd
from mxnet.gluon import nn

from chapter5.speedrun.plans import PLANS, ablated
from chapter5.speedrun.trainer import make_trainer, schedule

PLAN = PLANS[0.93]


def test_the_rate_warms_up_from_a_tenth_then_falls_along_a_cosine_to_zero():
    steps = 1000
    rate = schedule(PLAN, steps)
    warm = int(PLAN.warmup * steps)
    assert math.isclose(rate(0), PLAN.lr / 10) and math.isclose(rate(warm), PLAN.lr)
    low = PLAN.lr / 10
    assert math.isclose(rate(warm // 2), low + (PLAN.lr - low) * (warm // 2) / warm)
    middle = (warm + steps) // 2
    cosine = (1 + math.cos(math.pi * (middle - warm) / (steps - warm))) / 2
    assert math.isclose(rate(middle), PLAN.lr * cosine)
    assert rate(steps) < 1e-9


def test_decay_spares_biases_and_batch_norm():
    net = nn.Sequential()
    net.add(nn.Conv2D(4, 3), nn.BatchNorm(), nn.Dense(10))
    net.initialize()
    make_trainer(net, PLAN, 10)
    mults = {name: p.wd_mult for name, p in net.collect_params().items() if p.grad_req != 'null'}
    assert len(mults) == 6
    assert {name: mult for name, mult in mults.items() if mult == 0.0} == \
        {name: 0.0 for name in mults if name.endswith(('bias', 'gamma', 'beta'))}
    assert sum(mult == 1.0 for mult in mults.values()) == 2  # the two weights


def test_two_steps_are_momentum_sgd_with_decay():
    net = nn.Dense(3, in_units=4)
    net.initialize(init.Xavier())
    trainer = make_trainer(net, PLAN, 100)
    w, b = net.weight.data().asnumpy(), net.bias.data().asnumpy()
    mw, mb = np.zeros_like(w), np.zeros_like(b)
    X = nd.random.uniform(shape=(5, 4))
    for step in range(2):
        with autograd.record():
            loss = (net(X) ** 2).sum()
        loss.backward()
        gw, gb = net.weight.grad().asnumpy() / 5, net.bias.grad().asnumpy() / 5
        trainer.step(5)
        lr = schedule(PLAN, 100)(step + 1)  # MXNet counts the update before it asks the rate
        mw = PLAN.momentum * mw - lr * (gw + PLAN.wd * w)
        mb = PLAN.momentum * mb - lr * gb
        w, b = w + mw, b + mb
        assert np.allclose(net.weight.data().asnumpy(), w, atol=1e-6)
        assert np.allclose(net.bias.data().asnumpy(), b, atol=1e-6)


def test_without_the_schedule_the_rate_stays_at_lr():
    plan = ablated(PLAN, 'schedule')
    assert schedule(plan, 100) is None
    net = nn.Dense(3, in_units=4)
    net.initialize()
    trainer = make_trainer(net, plan, 100)
    X = nd.ones((2, 4))
    for _ in range(3):
        with autograd.record():
            loss = net(X).sum()
        loss.backward()
        trainer.step(2)
    assert trainer.learning_rate == PLAN.lr
