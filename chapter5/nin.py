"""5.8 网络中的网络（NiN）: blocks of a convolution and two 1x1 convolutions, global pooling."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'nin': Recipe(lr=0.1, batch_size=128, resize=224, num_epochs=5,
                         book=BookResult(0.5713, 0.791, 0.812))}


def nin_block(num_channels, kernel_size, strides, padding, *, num_1x1=2):
    """A convolution, then two 1x1 convolutions acting as per-pixel dense layers.

    `num_1x1` sets how many 1x1 convolutions follow (the 5.8 exercise removes one).
    """
    blk = nn.Sequential()
    blk.add(nn.Conv2D(num_channels, kernel_size, strides, padding, activation='relu'))
    for _ in range(num_1x1):
        blk.add(nn.Conv2D(num_channels, kernel_size=1, activation='relu'))
    return blk


def nin(*, num_1x1=2):
    """NiN: no dense layer; the last block has one channel per class, averaged globally.

    `num_1x1`: the 1x1 convolutions of every NiN block (the book: 2).
    """
    net = nn.Sequential()
    net.add(nin_block(96, kernel_size=11, strides=4, padding=0, num_1x1=num_1x1),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(256, kernel_size=5, strides=1, padding=2, num_1x1=num_1x1),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(384, kernel_size=3, strides=1, padding=1, num_1x1=num_1x1),
            nn.MaxPool2D(pool_size=3, strides=2), nn.Dropout(0.5),
            nin_block(10, kernel_size=3, strides=1, padding=1, num_1x1=num_1x1),
            nn.GlobalAvgPool2D(),
            # (batch, 10, 1, 1) -> (batch, 10)
            nn.Flatten())
    return net


def main():
    with mx.name.NameManager():
        net = nin()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
