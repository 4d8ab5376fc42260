"""5.3 多输入通道和多输出通道: cross-correlation over channels, and 1x1 convolution."""
from mxnet import nd

from chapter5.conv_layer import corr2d


def corr2d_multi_in(X, K):
    """Cross-correlate each input channel with its kernel and add the results (5.3.1)."""
    if X.shape[0] != K.shape[0]:
        raise ValueError('corr2d_multi_in: X has %d channels but K has %d kernels'
                         % (X.shape[0], K.shape[0]))
    # walk X and K along dimension 0 (channels); add_n sums the list
    return nd.add_n(*[corr2d(x, k) for x, k in zip(X, K)])


def corr2d_multi_in_out(X, K):
    """One output channel per kernel K[i], stacked (5.3.2); K is (c_o, c_i, k_h, k_w)."""
    return nd.stack(*[corr2d_multi_in(X, k) for k in K])


def corr2d_multi_in_out_1x1(X, K):
    """1x1 convolution as a matrix product over channels (5.3.3)."""
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    Y = nd.dot(K, X)  # (c_o, c_i) x (c_i, h*w): a fully connected layer per pixel
    return Y.reshape((c_o, h, w))


def example_input():
    """The 2-channel 3x3 input and 2-channel 2x2 kernel of 5.3.1."""
    X = nd.array([[[0, 1, 2], [3, 4, 5], [6, 7, 8]],
                  [[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    K = nd.array([[[0, 1], [2, 3]], [[1, 2], [3, 4]]])
    return X, K


def main():
    X, K = example_input()
    print(corr2d_multi_in(X, K))
    K = nd.stack(K, K + 1, K + 2)
    print(K)
    print(corr2d_multi_in_out(X, K))
    X = nd.random.uniform(shape=(3, 3, 3))
    K = nd.random.uniform(shape=(2, 3, 1, 1))
    Y1 = corr2d_multi_in_out_1x1(X, K)
    Y2 = corr2d_multi_in_out(X, K)
    print((Y1 - Y2).norm().asscalar() < 1e-6)


if __name__ == '__main__':
    main()
