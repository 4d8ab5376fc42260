"""5.12 稠密连接网络（DenseNet）: dense blocks that concatenate, transition layers that shrink."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5 import BookResult, Recipe

# The book's log came from its January 2019 notebook, whose transitions did not halve the
# channels first (README, errata); this is the printed book's and the notes' network.
RECIPES = {'densenet': Recipe(lr=0.1, batch_size=256, resize=96, num_epochs=5,
                              book=BookResult(0.2100, 0.923, 0.879))}


def conv_block(num_channels):
    blk = nn.Sequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=3, padding=1))
    return blk


class DenseBlock(nn.Block):
    def __init__(self, num_convs, num_channels, **kwargs):
        super(DenseBlock, self).__init__(**kwargs)
        self.net = nn.Sequential()
        for _ in range(num_convs):
            self.net.add(conv_block(num_channels))

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            # 在通道维上将输入和输出连结
            # dim=1表示横向连结
            X = nd.concat(X, Y, dim=1)
        return X


def transition_block(num_channels):
    blk = nn.Sequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(num_channels, kernel_size=1),
            nn.AvgPool2D(pool_size=2, strides=2))
    return blk


def densenet():
    net = nn.Sequential()
    net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))

    num_channels, growth_rate = 64, 32  # num_channels为当前的通道数
    num_convs_in_dense_blocks = [4, 4, 4, 4]  # 每个稠密块的卷积层个数

    # enumerate(x)函数用于为x添加索引序列
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        net.add(DenseBlock(num_convs, growth_rate))
        # 获取上一个稠密块的输出通道数，以便用于下面过渡层对通道数的减半
        num_channels += num_convs * growth_rate
        # 在稠密块之间加入通道数减半的过渡层
        if i != len(num_convs_in_dense_blocks) - 1:
            # 地板除//即为向下取整除，其结果是将小数点后的位数被除去的商
            num_channels //= 2
            net.add(transition_block(num_channels))

    net.add(nn.BatchNorm(), nn.Activation('relu'), nn.GlobalAvgPool2D(),
            nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        # 定义一个有2个输出通道数为10的卷积块
        blk = DenseBlock(2, 10)
        blk.initialize()
        X = nd.random.uniform(shape=(4, 3, 8, 8))
        Y = blk(X)
        # 输出通道23 = 2*10+3
        print(Y.shape)
        # 对上一节稠密块的输出使用通道数为10的过渡层。此时输出的通道数减为10，高和宽均减半
        blk = transition_block(10)
        blk.initialize()
        print(blk(Y).shape)
        net = densenet()
    X = nd.random.uniform(shape=(1, 1, 96, 96))
    net.initialize()
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)


if __name__ == '__main__':
    main()
