"""5.3 多输入通道和多输出通道: cross-correlation over channels, and 1x1 convolution."""
from mxnet import nd

import chapter5.utils as d2l


def corr2d_multi_in(X, K):
    if X.shape[0] != K.shape[0]:
        raise ValueError('corr2d_multi_in: X has %d channels but K has %d kernels'
                         % (X.shape[0], K.shape[0]))
    # 首先沿着X和K的第0维（通道维）遍历。然后使用*将结果列表变成add_n函数的位置参数
    # （positional argument）来进行相加
    return nd.add_n(*[d2l.corr2d(x, k) for x, k in zip(X, K)])


def corr2d_multi_in_out(X, K):
    # 对K的第0维遍历，每次同输入X做互相关计算。所有结果使用stack函数合并在一起
    return nd.stack(*[corr2d_multi_in(X, k) for k in K])


def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    Y = nd.dot(K, X)  # 全连接层的矩阵乘法
    return Y.reshape((c_o, h, w))


def main():
    """5.3.1-5.3.3 as the notes run them."""
    X = nd.array([[[0, 1, 2], [3, 4, 5], [6, 7, 8]],
                  [[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = nd.array([[[0, 1], [2, 3]], [[1, 2], [3, 4]]])
    print(corr2d_multi_in(X, K))
    # 三个核数组K,K+1,K+2构造一个输出通道数为3的卷积核
    K = nd.stack(K, K + 1, K + 2)
    print(K)
    print(corr2d_multi_in_out(X, K))

    X = nd.random.uniform(shape=(3, 3, 3))
    K = nd.random.uniform(shape=(2, 3, 1, 1))
    Y1 = corr2d_multi_in_out_1x1(X, K)
    Y2 = corr2d_multi_in_out(X, K)
    # 1e-6表示的是1*10的-6次方，它是浮点数，浮点数的小数只能精确到小数点的后六位，这个语句是判断
    # (Y1 - Y2).norm().asscalar()是否等于0的
    print((Y1 - Y2).norm().asscalar() < 1e-6)


if __name__ == '__main__':
    main()
