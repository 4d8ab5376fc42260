"""5.6 深度卷积神经网络（AlexNet）: five convolutions, ReLU, dropout, for 224x224 inputs."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'alexnet': Recipe(lr=0.01, batch_size=128, resize=224, num_epochs=5,
                             book=BookResult(0.4256, 0.845, 0.867))}


def alexnet():
    """AlexNet for Fashion-MNIST: one input channel, ten classes."""
    net = nn.Sequential()
    # an 11x11 window with stride 4 to see large objects and shrink the input fast
    net.add(nn.Conv2D(96, kernel_size=11, strides=4, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            # a smaller window, padding 2 keeps height and width; more channels
            nn.Conv2D(256, kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            # three 3x3 convolutions; only the last is followed by pooling
            nn.Conv2D(384, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(384, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(256, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            # wide dense layers, with dropout against overfitting
            nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            nn.Dense(4096, activation='relu'), nn.Dropout(0.5),
            # ten classes for Fashion-MNIST, not the paper's 1000
            nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        net = alexnet()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
