"""5.10 批量归一化: batch normalisation from scratch, and LeNet with it."""
import mxnet as mx
from mxnet import autograd, init, nd
from mxnet.gluon import nn

from chapter5.utils import BookResult, Recipe, print_layer_shapes

RECIPES = {
    'lenet_bn_scratch': Recipe(lr=1.0, batch_size=256, resize=None, num_epochs=5,
                               book=BookResult(0.3051, 0.890, 0.870)),
    'lenet_bn': Recipe(lr=1.0, batch_size=256, resize=None, num_epochs=5,
                       book=BookResult(0.3071, 0.889, 0.881)),
}


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Normalise X by its batch statistics (training) or the moving ones (prediction).

    Returns (Y, moving_mean, moving_var). X is (batch, features) after a dense
    layer or (batch, channels, height, width) after a convolution.
    """
    if len(X.shape) not in (2, 4):
        raise ValueError('batch_norm takes a 2-D (batch, features) or 4-D (batch, channels, '
                         'height, width) input, got shape %s' % (X.shape,))
    # autograd tells training mode (inside record(train_mode=True)) from prediction
    if not autograd.is_training():
        # prediction: the moving averages stand in for the batch's statistics
        X_hat = (X - moving_mean) / nd.sqrt(moving_var + eps)
    else:
        if len(X.shape) == 2:
            # dense layer: mean and variance of each feature over the batch
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)
        else:
            # convolution: mean and variance of each channel over batch, height and width,
            # kept 4-D so that they broadcast against X
            mean = X.mean(axis=(0, 2, 3), keepdims=True)
            var = ((X - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
        # x_hat = (x - mean) / sqrt(var + eps), with the biased (1/m) batch variance
        X_hat = (X - mean) / nd.sqrt(var + eps)
        # moving = momentum * moving + (1 - momentum) * batch statistic (MXNet's convention)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta  # scale and shift
    return Y, moving_mean, moving_var


class BatchNorm(nn.Block):
    """A batch-normalisation layer for `num_features` features (num_dims=2) or channels (4)."""

    def __init__(self, num_features, num_dims, **kwargs):
        super(BatchNorm, self).__init__(**kwargs)
        if num_dims == 2:
            shape = (1, num_features)
        elif num_dims == 4:
            shape = (1, num_features, 1, 1)
        else:
            raise ValueError('BatchNorm: num_dims must be 2 (after a dense layer) or 4 '
                             '(after a convolution), got %r' % (num_dims,))
        # the learned scale and shift, starting at 1 and 0
        self.gamma = self.params.get('gamma', shape=shape, init=init.One())
        self.beta = self.params.get('beta', shape=shape, init=init.Zero())
        # the moving statistics are not learned; they start at 0 in main memory
        self.moving_mean = nd.zeros(shape)
        self.moving_var = nd.zeros(shape)

    def forward(self, X):
        # follow X to its device
        if self.moving_mean.context != X.context:
            self.moving_mean = self.moving_mean.copyto(X.context)
            self.moving_var = self.moving_var.copyto(X.context)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma.data(), self.beta.data(), self.moving_mean,
            self.moving_var, eps=1e-5, momentum=0.9)
        return Y


def _lenet_bn(norm, after_activation=False):
    """LeNet with `norm(channels, num_dims)` between each layer and its sigmoid.

    `after_activation=True` puts it after the sigmoid instead (a 5.10 exercise).
    """
    def normalised(layer, channels, num_dims):
        if after_activation:
            return layer, nn.Activation('sigmoid'), norm(channels, num_dims)
        return layer, norm(channels, num_dims), nn.Activation('sigmoid')
    net = nn.Sequential()
    net.add(*normalised(nn.Conv2D(6, kernel_size=5), 6, 4),
            nn.MaxPool2D(pool_size=2, strides=2),
            *normalised(nn.Conv2D(16, kernel_size=5), 16, 4),
            nn.MaxPool2D(pool_size=2, strides=2),
            *normalised(nn.Dense(120), 120, 2),
            *normalised(nn.Dense(84), 84, 2),
            nn.Dense(10))
    return net


def lenet_bn_scratch():
    """LeNet with the from-scratch BatchNorm (5.10.2)."""
    return _lenet_bn(lambda num_features, num_dims: BatchNorm(num_features, num_dims=num_dims))


def lenet_bn(*, after_activation=False):
    """LeNet with Gluon's nn.BatchNorm, which infers its sizes (5.10.3).

    `after_activation=True`: batch norm after each sigmoid (a 5.10 exercise).
    """
    return _lenet_bn(lambda num_features, num_dims: nn.BatchNorm(), after_activation)


def main():
    for build in (lenet_bn_scratch, lenet_bn):
        print('%s():' % build.__name__)
        with mx.name.NameManager():
            net = build()
        net.initialize()
        print_layer_shapes(net, nd.random.uniform(shape=(1, 1, 28, 28)))


if __name__ == '__main__':
    main()
