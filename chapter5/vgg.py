"""5.7 使用重复元素的网络（VGG）: blocks of 3x3 convolutions, each block ending in one pool."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

# VGG-11: (number of convolutions, output channels) of each block
conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))
ratio = 4  # the book trains VGG-11 with every block's channels divided by 4
small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]

RECIPES = {
    'vgg11': Recipe(lr=0.05, batch_size=128, resize=224, num_epochs=5, book=None),
    'vgg11_small': Recipe(lr=0.05, batch_size=128, resize=224, num_epochs=5,
                          book=BookResult(0.2649, 0.902, 0.909)),
}


def vgg_block(num_convs, num_channels):
    """`num_convs` 3x3 convolutions keeping height and width, then one 2x2 pool halving them."""
    blk = nn.Sequential()
    for _ in range(num_convs):
        blk.add(nn.Conv2D(num_channels, kernel_size=3, padding=1, activation='relu'))
    blk.add(nn.MaxPool2D(pool_size=2, strides=2))
    return blk


def vgg(conv_arch):
    """The convolution blocks of `conv_arch`, then AlexNet's dense layers."""
    net = nn.Sequential()
    for (num_convs, num_channels) in conv_arch:
        net.add(vgg_block(num_convs, num_channels))
    net.add(nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


def vgg11():
    return vgg(conv_arch)


def vgg11_small():
    return vgg(small_conv_arch)


def main():
    with mx.name.NameManager():
        net = vgg(conv_arch)
    net.initialize()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    print_layer_shapes(net, X)
    print(small_conv_arch)


if __name__ == '__main__':
    main()
