"""5.8 网络中的网络（NiN）: blocks of a convolution and two 1x1 convolutions, global pooling."""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5 import BookResult, Recipe

RECIPES = {'nin': Recipe(lr=0.1, batch_size=128, resize=224, num_epochs=5,
                         book=BookResult(0.5713, 0.791, 0.812))}


# NiN块，由一个卷积层加两个充当全连接层的1×1卷积层串联而成
def nin_block(num_channels, kernel_size, strides, padding):
    blk = nn.Sequential()
    # 第一个卷积层的超参数可以自行设置，而第二和第三个卷积层的超参数一般是固定的
    blk.add(nn.Conv2D(num_channels, kernel_size,
                      strides, padding, activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'),
            nn.Conv2D(num_channels, kernel_size=1, activation='relu'))
    return blk


def nin():
    net = nn.Sequential()
    net.add(nin_block(96, kernel_size=11, strides=4, padding=0),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(256, kernel_size=5, strides=1, padding=2),
            nn.MaxPool2D(pool_size=3, strides=2),
            nin_block(384, kernel_size=3, strides=1, padding=1),
            nn.MaxPool2D(pool_size=3, strides=2), nn.Dropout(0.5),
            # 标签类别数是10
            nin_block(10, kernel_size=3, strides=1, padding=1),
            # 全局平均池化层将窗口形状主动设置成输入的高和宽
            # 可以显著减小模型参数尺寸，从而缓解过拟合。但有时会造成获得有效模型的训练时间的增加。
            nn.GlobalAvgPool2D(),
            # 将四维的输出转成二维的输出，其形状为(批量大小, 10)
            nn.Flatten())
    return net


def main():
    with mx.name.NameManager():
        net = nin()
    X = nd.random.uniform(shape=(1, 1, 224, 224))
    net.initialize()
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)


if __name__ == '__main__':
    main()
