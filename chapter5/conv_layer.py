"""5.1 二维卷积层: cross-correlation, a convolutional layer, edge detection, learning a kernel."""
from mxnet import autograd, nd
from mxnet.gluon import nn


# 用该函数实现上述过程
def corr2d(X, K):
    if len(X.shape) != 2 or len(K.shape) != 2 or K.shape[0] > X.shape[0] or K.shape[1] > X.shape[1]:
        raise ValueError('corr2d takes a 2-D X and a 2-D kernel K no larger than X; got X of '
                         'shape %s and K of shape %s' % (X.shape, K.shape))
    h, w = K.shape
    Y = nd.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i: i + h, j: j + w] * K).sum()
    return Y


# 自定义的二维卷积层
# 二维卷积层将输入和卷积核做互相关运算，并加上加个标量偏差来得到输出
class Conv2D(nn.Block):
    def __init__(self, kernel_size, **kwargs):
        super(Conv2D, self).__init__(**kwargs)
        self.weight = self.params.get('weight', shape=kernel_size)
        self.bias = self.params.get('bias', shape=(1,))

    def forward(self, x):
        return corr2d(x, self.weight.data()) + self.bias.data()


def main():
    """5.1.3 and 5.1.4 as the notes run them."""
    # 构造一张6×8的图像，中间4列为黑（0），其余为白
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    print(X)
    # 构造一个高和宽分别为1和2的卷积核K。当它与输入做互相关运算时，如果横向相邻元素相同，输出为0；
    # 否则输出为非0。
    K = nd.array([[1, -1]])
    Y = corr2d(X, K)
    print(Y)

    # 构造一个输出通道数为1，核数组形状是(1, 2)的
    # 二维卷积层
    conv2d = nn.Conv2D(1, kernel_size=(1, 2))
    conv2d.initialize()
    # 二维卷积层使用4维输入输出，格式为(样本, 通道, 高, 宽)，这里批量大小（批量中的样本数）和通
    # 道数均为1
    X = X.reshape((1, 1, 6, 8))
    Y = Y.reshape((1, 1, 6, 7))
    for i in range(10):
        with autograd.record():
            Y_hat = conv2d(X)
            l = (Y_hat - Y) ** 2
        l.backward()
        # 简单起见，这里忽略了偏差
        conv2d.weight.data()[:] -= 3e-2 * conv2d.weight.grad()
        if (i + 1) % 2 == 0:
            print('batch %d, loss %.3f' % (i + 1, l.sum().asscalar()))
    print(conv2d.weight.data().reshape((1, 2)))


if __name__ == '__main__':
    main()
