"""5.4 池化层: max and average pooling from scratch, padding, strides, channels."""
from mxnet import nd
from mxnet.gluon import nn


def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    if mode not in ('max', 'avg') or len(X.shape) != 2 or not 1 <= p_h <= X.shape[0] \
            or not 1 <= p_w <= X.shape[1]:
        raise ValueError("pool2d takes a 2-D X, a window no larger than X and mode 'max' or 'avg'; "
                         'got X of shape %s, window %s, mode %r' % (X.shape, tuple(pool_size), mode))
    Y = nd.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y


def main():
    """5.4.1-5.4.3 as the book runs them (the notes show 5.4.2's part)."""
    X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    print(pool2d(X, (2, 2)))
    print(pool2d(X, (2, 2), 'avg'))

    X = nd.arange(16).reshape((1, 1, 4, 4))
    print(X)
    # 使用形状为(3, 3)的池化窗口，默认获得形状为(3, 3)的步幅
    # （笔记把这一层也叫pool2d，覆盖了上面的函数；这里叫它pool，函数名保持不变）
    pool = nn.MaxPool2D(3)
    print(pool(X))
    # 也可手动指定stride步幅和padding填充
    pool = nn.MaxPool2D(3, padding=1, strides=2)
    print(pool(X))
    pool = nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))
    print(pool(X))
    # 在处理多通道输入数据时，池化层的输出通道数与输入通道数相等
    X = nd.concat(X, X + 1, dim=1)
    pool = nn.MaxPool2D(3, padding=1, strides=2)
    print(pool(X))


if __name__ == '__main__':
    main()
