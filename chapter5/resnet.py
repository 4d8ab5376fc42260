"""5.11 残差网络（ResNet）: residual blocks and ResNet-18."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {'resnet18': Recipe(lr=0.05, batch_size=256, resize=96, num_epochs=5,
                              book=BookResult(0.1093, 0.961, 0.913))}

# ResNet-18's four modules: (output channels, number of residual blocks)
RESNET18_ARCH = ((64, 2), (128, 2), (256, 2), (512, 2))


class Residual(nn.HybridBlock):
    """Two 3x3 convolutions with batch norm; the input is added back before the last ReLU.

    `use_1x1conv` passes the input through a 1x1 convolution (with `strides`)
    so that it matches the output's channels and size. A HybridBlock (the notes:
    nn.Block with forward) so that the fast path can hybridize it.
    """

    def __init__(self, num_channels, use_1x1conv=False, strides=1, **kwargs):
        super(Residual, self).__init__(**kwargs)
        self.conv1 = nn.Conv2D(num_channels, kernel_size=3, padding=1, strides=strides)
        self.conv2 = nn.Conv2D(num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2D(num_channels, kernel_size=1, strides=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm()
        self.bn2 = nn.BatchNorm()

    def hybrid_forward(self, F, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return F.relu(Y + X)


def resnet_block(num_channels, num_residuals, first_block=False):
    """`num_residuals` residual blocks; all but the first module halve height and width."""
    blk = nn.Sequential()
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.add(Residual(num_channels, use_1x1conv=True, strides=2))
        else:
            blk.add(Residual(num_channels))
    return blk


def resnet18():
    """ResNet-18 as the book's chapter 5 builds it."""
    net = nn.Sequential()
    net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    for i, (num_channels, num_residuals) in enumerate(RESNET18_ARCH):
        net.add(resnet_block(num_channels, num_residuals, first_block=(i == 0)))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        blk = Residual(3)
        blk.initialize()
        X = nd.random.uniform(shape=(4, 3, 6, 6))
        print(blk(X).shape)
        blk = Residual(6, use_1x1conv=True, strides=2)
        blk.initialize()
        print(blk(X).shape)
        net = resnet18()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    net.initialize()
    print_layer_shapes(net, X)


if __name__ == '__main__':
    main()
