"""5.5 卷积神经网络（LeNet）: two convolution blocks and three dense layers."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'lenet': Recipe(lr=0.9, batch_size=256, resize=None, num_epochs=5,
                           book=BookResult(0.6704, 0.733, 0.754))}


def lenet():
    """LeNet with sigmoid activations and max pooling, as the book trains it."""
    net = nn.Sequential()
    net.add(nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            # Dense flattens (batch, channel, height, width) to (batch, channel*height*width)
            nn.Dense(120, activation='sigmoid'),
            nn.Dense(84, activation='sigmoid'),
            nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        net = lenet()
    X = nd.random.uniform(shape=(1, 1, 28, 28))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
