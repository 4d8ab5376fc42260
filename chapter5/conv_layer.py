"""5.1 二维卷积层: cross-correlation, a convolutional layer, edge detection, learning a kernel."""
from mxnet import autograd, nd
from mxnet.gluon import nn


def corr2d(X, K):
    """Two-dimensional cross-correlation of a 2-D array X with a 2-D kernel K (5.1.1)."""
    if len(X.shape) != 2 or len(K.shape) != 2:
        raise ValueError('corr2d takes 2-D arrays, got X of shape %s and K of shape %s'
                         % (X.shape, K.shape))
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError('corr2d: kernel of shape %s is larger than the input of shape %s'
                         % (K.shape, X.shape))
    Y = nd.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            # Y[i, j] = sum over the h x w window at (i, j) of X times K
            Y[i, j] = (X[i: i + h, j: j + w] * K).sum()
    return Y


class Conv2D(nn.Block):
    """A 2-D convolutional layer from scratch: corr2d plus a scalar bias (5.1.2)."""

    def __init__(self, kernel_size, **kwargs):
        super(Conv2D, self).__init__(**kwargs)
        self.weight = self.params.get('weight', shape=kernel_size)
        self.bias = self.params.get('bias', shape=(1,))

    def forward(self, x):
        return corr2d(x, self.weight.data()) + self.bias.data()


def edge_image():
    """The 6x8 image of 5.1.3: white (1) with the middle four columns black (0)."""
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    return X


def learn_kernel(X, Y, num_batches=10, lr=3e-2):
    """Learn a (1, 2) kernel that maps X to Y with nn.Conv2D (5.1.4); prints the loss.

    The layer's weights are drawn at its first forward pass (deferred
    initialisation), so in a fresh process this prints the book's numbers.
    """
    conv2d = nn.Conv2D(1, kernel_size=(1, 2))
    conv2d.initialize()
    # 4-D input and output: (batch, channel, height, width), both 1 here
    X = X.reshape((1, 1) + X.shape)
    Y = Y.reshape((1, 1) + Y.shape)
    for i in range(num_batches):
        with autograd.record():
            Y_hat = conv2d(X)
            l = (Y_hat - Y) ** 2
        l.backward()
        # plain gradient descent on the weight; the bias is ignored for simplicity
        conv2d.weight.data()[:] -= lr * conv2d.weight.grad()
        if (i + 1) % 2 == 0:
            print('batch %d, loss %.3f' % (i + 1, l.sum().asscalar()))
    return conv2d


def main():
    X = edge_image()
    print(X)
    # K gives 0 where horizontal neighbours are equal, non-zero otherwise
    K = nd.array([[1, -1]])
    Y = corr2d(X, K)
    print(Y)
    conv2d = learn_kernel(X, Y)
    print(conv2d.weight.data().reshape((1, 2)))


if __name__ == '__main__':
    main()
