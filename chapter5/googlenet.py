"""5.9 含并行连结的网络（GoogLeNet）: Inception blocks of four parallel paths."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'googlenet': Recipe(lr=0.1, batch_size=128, resize=96, num_epochs=5,
                               book=BookResult(0.3376, 0.872, 0.883))}


def _conv_relu(channels, **kwargs):
    """The book's convolution with a ReLU."""
    return nn.Conv2D(channels, activation='relu', **kwargs)


def _conv_bn_relu(channels, **kwargs):
    """A convolution, batch norm, then ReLU (Inception v2, the 5.9 exercise)."""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2D(channels, **kwargs), nn.BatchNorm(), nn.Activation('relu'))
    return blk


class Inception(nn.HybridBlock):
    """Four parallel paths concatenated on the channel axis; c1-c4 are their output channels.

    A HybridBlock (the notes: nn.Block with forward) so that the fast path can hybridize
    it; F is mxnet.nd when run imperatively, as in the notes. `batch_norm=True` puts batch
    norm after every convolution (the exercise's Inception v2).
    """

    def __init__(self, c1, c2, c3, c4, *, batch_norm=False, **kwargs):
        super(Inception, self).__init__(**kwargs)
        conv = _conv_bn_relu if batch_norm else _conv_relu  # batch_norm: the 5.9 exercise's version
        # path 1: a 1x1 convolution
        self.p1_1 = conv(c1, kernel_size=1)
        # path 2: a 1x1 convolution, then a 3x3 convolution
        self.p2_1 = conv(c2[0], kernel_size=1)
        self.p2_2 = conv(c2[1], kernel_size=3, padding=1)
        # path 3: a 1x1 convolution, then a 5x5 convolution
        self.p3_1 = conv(c3[0], kernel_size=1)
        self.p3_2 = conv(c3[1], kernel_size=5, padding=2)
        # path 4: a 3x3 max pooling, then a 1x1 convolution
        self.p4_1 = nn.MaxPool2D(pool_size=3, strides=1, padding=1)
        self.p4_2 = conv(c4, kernel_size=1)

    def hybrid_forward(self, F, x):
        p1 = self.p1_1(x)
        p2 = self.p2_2(self.p2_1(x))
        p3 = self.p3_2(self.p3_1(x))
        p4 = self.p4_2(self.p4_1(x))
        return F.concat(p1, p2, p3, p4, dim=1)  # concatenate on the channel axis


# The Inception blocks of modules 3-5: (c1, c2, c3, c4) each
INCEPTIONS = {
    3: [(64, (96, 128), (16, 32), 32), (128, (128, 192), (32, 96), 64)],
    4: [(192, (96, 208), (16, 48), 64), (160, (112, 224), (24, 64), 64),
        (128, (128, 256), (24, 64), 64), (112, (144, 288), (32, 64), 64),
        (256, (160, 320), (32, 128), 128)],
    5: [(256, (160, 320), (32, 128), 128), (384, (192, 384), (48, 128), 128)],
}


def googlenet(*, batch_norm=False):
    """Five modules, 3x3 max pooling with stride 2 between them, then a dense layer.

    `batch_norm=True`: batch norm after every convolution (the 5.9 exercise).
    """
    conv = _conv_bn_relu if batch_norm else _conv_relu
    b1 = nn.Sequential()
    b1.add(conv(64, kernel_size=7, strides=2, padding=3),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b2 = nn.Sequential()
    b2.add(conv(64, kernel_size=1),
           conv(192, kernel_size=3, padding=1),
           nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b3, b4, b5 = nn.Sequential(), nn.Sequential(), nn.Sequential()
    for number, block in ((3, b3), (4, b4), (5, b5)):
        block.add(*[Inception(*channels, batch_norm=batch_norm) for channels in INCEPTIONS[number]])
    b3.add(nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    b4.add(nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    # global average pooling makes each channel's height and width 1
    b5.add(nn.GlobalAvgPool2D())
    net = nn.Sequential()
    net.add(b1, b2, b3, b4, b5, nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        net = googlenet()
    X = nd.random.uniform(shape=(1, 1, 96, 96))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
