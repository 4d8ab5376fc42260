"""5.2 填充和步幅: how padding and strides change a convolution's output shape."""
from mxnet import nd
from mxnet.gluon import nn


def comp_conv2d(conv2d, X):
    """Initialise `conv2d`, apply it to the 2-D X, and return the 2-D output (5.2.1)."""
    conv2d.initialize()
    # (1, 1) are the batch size and the number of channels
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])  # drop the batch and channel dimensions


# The section's layers, in the book's order: padding, then strides.
EXAMPLES = [
    dict(kernel_size=3, padding=1),
    dict(kernel_size=(5, 3), padding=(2, 1)),
    dict(kernel_size=3, padding=1, strides=2),
    dict(kernel_size=(3, 5), padding=(0, 1), strides=(3, 4)),
]


def main():
    X = nd.random.uniform(shape=(8, 8))
    for kwargs in EXAMPLES:
        conv2d = nn.Conv2D(1, **kwargs)
        print('nn.Conv2D(1, %s): %s' % (
            ', '.join('%s=%s' % kv for kv in kwargs.items()), comp_conv2d(conv2d, X).shape))


if __name__ == '__main__':
    main()
