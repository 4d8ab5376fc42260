"""5.12 稠密连接网络（DenseNet）: dense blocks that concatenate, transition layers that shrink."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'densenet': Recipe(lr=0.1, batch_size=256, resize=96, num_epochs=5,
                              book=BookResult(0.2100, 0.923, 0.879))}

# the first channels, the growth rate, and the convolutions of each dense block
num_channels, growth_rate = 64, 32
num_convs_in_dense_blocks = [4, 4, 4, 4]


def conv_block(num_channels):
    """Batch norm, ReLU, then a 3x3 convolution with `num_channels` outputs."""
    blk = nn.Sequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=3, padding=1))
    return blk


class DenseBlock(nn.Block):
    """`num_convs` conv blocks, each one's output concatenated to its input on the channels."""

    def __init__(self, num_convs, num_channels, *, block=conv_block, **kwargs):
        super(DenseBlock, self).__init__(**kwargs)
        self.net = nn.Sequential()
        for _ in range(num_convs):
            self.net.add(block(num_channels))  # block: the 5.12 exercise's bottleneck for DenseNet-BC

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = nd.concat(X, Y, dim=1)  # channels grow by num_channels per block
        return X


def transition_block(num_channels):
    """A 1x1 convolution to `num_channels`, then 2x2 average pooling halving height and width."""
    blk = nn.Sequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=1),
            nn.AvgPool2D(pool_size=2, strides=2))
    return blk


def densenet():
    """ResNet's stem, four dense blocks with halving transitions between them, then a dense layer."""
    net = nn.Sequential()
    net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    channels = num_channels
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        net.add(DenseBlock(num_convs, growth_rate))
        channels += num_convs * growth_rate  # the dense block's output channels
        if i != len(num_convs_in_dense_blocks) - 1:
            channels //= 2  # a transition layer halves the channels between blocks
            net.add(transition_block(channels))
    net.add(nn.BatchNorm(), nn.Activation('relu'), nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        blk = DenseBlock(2, 10)
        blk.initialize()
        X = nd.random.uniform(shape=(4, 3, 8, 8))
        Y = blk(X)
        print(Y.shape)
        blk = transition_block(10)
        blk.initialize()
        print(blk(Y).shape)
        net = densenet()
    X = nd.random.uniform(shape=(1, 1, 96, 96))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
