"""The speedrun's network, built only from the chapter's blocks: convolution, batch normalization,
the notes' own `Residual` and `resnet_block` (5.11), global average pooling, one dense layer.

For 28x28 inputs: a 3x3 convolution with batch normalization and ReLU, then one stage of residual
blocks per width, each stage after the first halving the height and width (its first block's stride
2 and 1x1 convolution, as the book writes resnet_block), then global average pooling and a dense
layer. The engine trains its hybrid twin (chapter5.engine.twins), as it does ResNet-18.
"""
from mxnet.gluon import nn

from chapter5 import Recipe
from chapter5.resnet import resnet_block
from chapter5.speedrun.plans import plan_of


def speedrun_net(widths=(16, 64, 128), blocks=(1, 1, 1)):
    """The network: `widths[i]` channels in stage i, `blocks[i]` residual blocks in it."""
    net = nn.Sequential()
    net.add(nn.Conv2D(widths[0], kernel_size=3, padding=1), nn.BatchNorm(), nn.Activation('relu'))
    for i, (channels, n) in enumerate(zip(widths, blocks)):
        net.add(resnet_block(channels, n, first_block=(i == 0)))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def plan_net(model):
    """The network of the plan (current or retired) whose network is named `model`."""
    plan = plan_of(model)
    return speedrun_net(plan.widths, plan.blocks)


def speedrun10():
    """The network of the first 0.93-in-10-minutes plan (retired: its recorded runs use it)."""
    return plan_net('speedrun10')


def speedrun10b():
    """The network of the 0.93-in-10-minutes plan."""
    return plan_net('speedrun10b')


def speedrun60():
    """The network of the 0.945-in-60-minutes plan."""
    return plan_net('speedrun60')


# chapter5.MODELS reads a model's recipe here: `chapter5 train speedrun10` trains the network with the
# book's plain SGD (no book result to compare with); `chapter5 speedrun` trains it with its plan
RECIPES = {name: Recipe(lr=plan_of(name).lr, batch_size=plan_of(name).batch_size, resize=None,
                        num_epochs=plan_of(name).epochs, book=None)
           for name in ('speedrun10', 'speedrun10b', 'speedrun60')}
