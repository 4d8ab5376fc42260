"""5.7 使用重复元素的网络（VGG）: blocks of 3x3 convolutions, each block ending in one pool."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5 import BookResult, Recipe

RECIPES = {
    'vgg11': Recipe(lr=0.05, batch_size=128, resize=224, num_epochs=5, book=None),
    'vgg11_small': Recipe(lr=0.05, batch_size=128, resize=224, num_epochs=5,
                          book=BookResult(0.2649, 0.902, 0.909)),
}


# VGG块
def vgg_block(num_convs, num_channels):
    blk = nn.Sequential()
    # num_convs指定卷积层的数量
    for _ in range(num_convs):
        # num_channels指定输出通道数
        blk.add(nn.Conv2D(num_channels, kernel_size=3,
                          padding=1, activation='relu'))
    blk.add(nn.MaxPool2D(pool_size=2, strides=2))
    return blk


conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


def vgg(conv_arch):
    net = nn.Sequential()
    # 卷积层部分
    for (num_convs, num_channels) in conv_arch:
        net.add(vgg_block(num_convs, num_channels))
    # 全连接层部分
    net.add(nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


ratio = 4
# 输出通道数除以4
small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]


def vgg11():
    """VGG-11, `vgg(conv_arch)` (5.7.2)."""
    return vgg(conv_arch)


def vgg11_small():
    """VGG-11 with a quarter of the channels, `vgg(small_conv_arch)`, as the book trains it (5.7.3)."""
    return vgg(small_conv_arch)


def main():
    with mx.name.NameManager():
        net = vgg(conv_arch)
    net.initialize()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    for blk in net:
        X = blk(X)
        print(blk.name, 'output shape:\t', X.shape)
    print(small_conv_arch)


if __name__ == '__main__':
    main()
