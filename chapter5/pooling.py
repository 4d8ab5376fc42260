"""5.4 池化层: max and average pooling from scratch, padding, strides, channels."""
from mxnet import nd
from mxnet.gluon import nn

MODES = ('max', 'avg')


def pool2d(X, pool_size, mode='max'):
    """Max or average pooling of a 2-D array X with a window of `pool_size` (5.4.1)."""
    if mode not in MODES:
        raise ValueError("pool2d: unknown mode %r; use 'max' or 'avg'" % (mode,))
    p_h, p_w = pool_size
    if len(X.shape) != 2 or p_h > X.shape[0] or p_w > X.shape[1] or min(p_h, p_w) < 1:
        raise ValueError('pool2d: window %s does not fit the input of shape %s '
                         '(a 2-D array at least as large as the window)'
                         % (tuple(pool_size), X.shape))
    Y = nd.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            window = X[i: i + p_h, j: j + p_w]
            Y[i, j] = window.max() if mode == 'max' else window.mean()
    return Y


def demo_pool2d():
    """5.4.1: the 3x3 input 0..8 pooled with a 2x2 window."""
    X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    print(pool2d(X, (2, 2)))
    print(pool2d(X, (2, 2), 'avg'))


def demo_padding_and_strides():
    """5.4.2 and 5.4.3: nn.MaxPool2D with padding and strides, on one and two channels."""
    X = nd.arange(16).reshape((1, 1, 4, 4))
    print(X)
    # a (3, 3) window takes (3, 3) strides by default
    pool2d = nn.MaxPool2D(3)
    print(pool2d(X))
    pool2d = nn.MaxPool2D(3, padding=1, strides=2)
    print(pool2d(X))
    pool2d = nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))
    print(pool2d(X))
    # pooling keeps the channels apart: two channels in, two out
    X = nd.concat(X, X + 1, dim=1)
    pool2d = nn.MaxPool2D(3, padding=1, strides=2)
    print(pool2d(X))


def main():
    demo_pool2d()
    demo_padding_and_strides()


if __name__ == '__main__':
    main()
