"""chapter5.speedrun.net: the speedrun's networks are the notes' residual blocks, with the shapes the
plans say, and registered so that predict and export rebuild them."""
from mxnet import init, nd
from mxnet.gluon import nn

from chapter5 import get_model
from chapter5.resnet import Residual
from chapter5.speedrun.net import speedrun_net
from chapter5.speedrun.plans import PLANS


def residuals(net):
    return [b for stage in net if isinstance(stage, nn.Sequential) for b in stage if isinstance(b, Residual)]


def test_the_stages_halve_the_size_and_widen_as_the_plan_says(fresh_names):
    net = speedrun_net((8, 16, 32), (1, 2, 1))
    net.initialize(init.Xavier())
    X = nd.zeros((2, 1, 28, 28))
    sizes = []
    for layer in net:
        X = layer(X)
        sizes.append(X.shape)
    assert sizes == [(2, 8, 28, 28), (2, 8, 28, 28), (2, 8, 28, 28),  # conv, BN, ReLU
                     (2, 8, 28, 28), (2, 16, 14, 14), (2, 32, 7, 7), (2, 32, 1, 1), (2, 10)]
    blocks = residuals(net)
    assert len(blocks) == 4 and [b.conv3 is not None for b in blocks] == [False, True, False, True]


def test_each_plans_network_is_registered_with_its_widths(fresh_names):
    for plan in PLANS.values():
        net = get_model(plan.model)()
        assert len(residuals(net)) == sum(plan.blocks)
        net.initialize()
        assert net(nd.zeros((1, 1, 28, 28))).shape == (1, 10)
        assert net[0].weight.shape[0] == plan.widths[0]
