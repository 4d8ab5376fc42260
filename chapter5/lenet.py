"""5.5 卷积神经网络（LeNet）: two convolution blocks and three dense layers.

The section's try_gpu, evaluate_accuracy and train_ch5 are in chapter5.utils (the book's d2lzh).
"""
import mxnet as mx
from mxnet import nd
from mxnet.gluon import nn

from chapter5 import BookResult, Recipe

RECIPES = {'lenet': Recipe(lr=0.9, batch_size=256, resize=None, num_epochs=5,
                           book=BookResult(0.6704, 0.733, 0.754))}


def lenet():
    net = nn.Sequential()
    net.add(  # 通道数为6，形状为（5，5）的二维卷积层，加入sigmoid激活函数
        nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid'),
        # 形状为（2，2）步幅为2的最大池化层
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid'),
        nn.MaxPool2D(pool_size=2, strides=2),
        # 全连接层Dense会默认将(批量大小, 通道, 高, 宽)形状的输入转换成
        # (批量大小, 通道* 高* 宽)形状的输出
        nn.Dense(120, activation='sigmoid'),
        nn.Dense(84, activation='sigmoid'),
        nn.Dense(10))
    return net


def main():
    with mx.name.NameManager():
        net = lenet()
    # 逐层进行前向计算来查看每个层的输出形状。
    X = nd.random.uniform(shape=(1, 1, 28, 28))
    net.initialize()
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)


if __name__ == '__main__':
    main()
