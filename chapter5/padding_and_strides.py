"""5.2 填充和步幅: how padding and strides change a convolution's output shape."""
from mxnet import nd
from mxnet.gluon import nn


# 定义一个函数来计算卷积层。它初始化卷积层权重，并对输⼊和输出做相应的升维和降维
def comp_conv2d(conv2d, X):
    conv2d.initialize()
    # (1, 1)代表批量大小和通道数均为1
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])  # 排除不关⼼的前两维：批量和通道


def main():
    """5.2.1 and 5.2.2 as the notes and the book run them, each shape printed."""
    # 通道数为1，核数组行列为3，输入行列两侧各填充1
    conv2d = nn.Conv2D(1, kernel_size=3, padding=(1, 1))
    X = nd.random.uniform(shape=(8, 8))
    print(comp_conv2d(conv2d, X).shape)
    # 书中的例子：高和宽上分别使用5和3的卷积核，填充2和1
    conv2d = nn.Conv2D(1, kernel_size=(5, 3), padding=(2, 1))
    print(comp_conv2d(conv2d, X).shape)
    # 令高和宽上的步幅均为2，从而使输入的高和宽减半
    conv2d = nn.Conv2D(1, kernel_size=3, padding=1, strides=2)
    print(comp_conv2d(conv2d, X).shape)
    # 书中的例子：高上步幅为3、宽上步幅为4
    conv2d = nn.Conv2D(1, kernel_size=(3, 5), padding=(0, 1), strides=(3, 4))
    print(comp_conv2d(conv2d, X).shape)


if __name__ == '__main__':
    main()
