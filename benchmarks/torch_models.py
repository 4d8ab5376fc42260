"""The chapter's ten networks in PyTorch, layer for layer as chapter5 builds them in Gluon.

For the speed comparison (benchmarks/throughput.py) only: the same layers in the same order,
so the same parameters (tests/test_torch_models.py copies the Gluon weights in, in order, and
checks the outputs). Where Gluon infers a layer's input size at the first forward pass, PyTorch
needs it written: the sizes below are those the book's inputs give (28x28 for the LeNets, 224 for
AlexNet, VGG and NiN, 96 for GoogLeNet, ResNet and DenseNet). Gluon's `Dense` flattens its input
itself; here a `Flatten` (no parameters) comes before the first one. Initialisation as the recipes
do it: Xavier-uniform weights (MXNet's `init.Xavier()`, magnitude 3, fan average), zero biases.

    from torch_models import build
    net = build('resnet18')
"""
import torch
from torch import nn

# Gluon's momentum is the weight of the old running value; PyTorch's the weight of the new one
BN = dict(eps=1e-5, momentum=0.1)


def conv(in_channels, channels, kernel_size, stride=1, padding=0, act=None):
    """Gluon's Conv2D(channels, kernel_size, strides, padding, activation=act)."""
    layers = [nn.Conv2d(in_channels, channels, kernel_size, stride, padding)]
    return nn.Sequential(*layers, ACTIVATIONS[act]()) if act else layers[0]


def dense(in_features, units, act=None):
    """Gluon's Dense(units, activation=act)."""
    layer = nn.Linear(in_features, units)
    return nn.Sequential(layer, ACTIVATIONS[act]()) if act else layer


ACTIVATIONS = {'relu': nn.ReLU, 'sigmoid': nn.Sigmoid}


def lenet():
    """5.5."""
    return nn.Sequential(conv(1, 6, 5, act='sigmoid'), nn.MaxPool2d(2, 2),
                         conv(6, 16, 5, act='sigmoid'), nn.MaxPool2d(2, 2), nn.Flatten(),
                         dense(16 * 4 * 4, 120, 'sigmoid'), dense(120, 84, 'sigmoid'), dense(84, 10))


def alexnet():
    """5.6, for 224x224 inputs."""
    return nn.Sequential(
        conv(1, 96, 11, stride=4, act='relu'), nn.MaxPool2d(3, 2),
        conv(96, 256, 5, padding=2, act='relu'), nn.MaxPool2d(3, 2),
        conv(256, 384, 3, padding=1, act='relu'), conv(384, 384, 3, padding=1, act='relu'),
        conv(384, 256, 3, padding=1, act='relu'), nn.MaxPool2d(3, 2), nn.Flatten(),
        dense(256 * 5 * 5, 4096, 'relu'), nn.Dropout(0.5), dense(4096, 4096, 'relu'), nn.Dropout(0.5),
        dense(4096, 10))


def vgg(conv_arch, size=224):
    """5.7's `vgg(conv_arch)`: a block of 3x3 convolutions and a pool per (num_convs, channels)."""
    layers, in_channels = [], 1
    for num_convs, channels in conv_arch:
        for _ in range(num_convs):
            layers.append(conv(in_channels, channels, 3, padding=1, act='relu'))
            in_channels = channels
        layers.append(nn.MaxPool2d(2, 2))
        size //= 2
    return nn.Sequential(*layers, nn.Flatten(), dense(in_channels * size * size, 4096, 'relu'),
                         nn.Dropout(0.5), dense(4096, 4096, 'relu'), nn.Dropout(0.5), dense(4096, 10))


CONV_ARCH = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


def nin():
    """5.8: NiN blocks (a convolution and two 1x1 convolutions), global average pooling."""
    def block(in_channels, channels, kernel_size, stride, padding):
        return nn.Sequential(conv(in_channels, channels, kernel_size, stride, padding, 'relu'),
                             conv(channels, channels, 1, act='relu'), conv(channels, channels, 1, act='relu'))
    return nn.Sequential(block(1, 96, 11, 4, 0), nn.MaxPool2d(3, 2), block(96, 256, 5, 1, 2),
                         nn.MaxPool2d(3, 2), block(256, 384, 3, 1, 1), nn.MaxPool2d(3, 2), nn.Dropout(0.5),
                         block(384, 10, 3, 1, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten())


class Inception(nn.Module):
    """5.9's four parallel paths, concatenated on the channels."""

    def __init__(self, in_channels, c1, c2, c3, c4):
        super().__init__()
        self.p1_1 = conv(in_channels, c1, 1, act='relu')
        self.p2_1 = conv(in_channels, c2[0], 1, act='relu')
        self.p2_2 = conv(c2[0], c2[1], 3, padding=1, act='relu')
        self.p3_1 = conv(in_channels, c3[0], 1, act='relu')
        self.p3_2 = conv(c3[0], c3[1], 5, padding=2, act='relu')
        self.p4_1 = nn.MaxPool2d(3, 1, padding=1)
        self.p4_2 = conv(in_channels, c4, 1, act='relu')
        self.channels = c1 + c2[1] + c3[1] + c4

    def forward(self, x):
        return torch.cat((self.p1_1(x), self.p2_2(self.p2_1(x)), self.p3_2(self.p3_1(x)),
                          self.p4_2(self.p4_1(x))), dim=1)


# 5.9's modules three to five: Inception(c1, c2, c3, c4) rows, 'pool' for a 3x3 max pool of stride 2
GOOGLENET_ARCH = (
    (64, (96, 128), (16, 32), 32), (128, (128, 192), (32, 96), 64), 'pool',
    (192, (96, 208), (16, 48), 64), (160, (112, 224), (24, 64), 64), (128, (128, 256), (24, 64), 64),
    (112, (144, 288), (32, 64), 64), (256, (160, 320), (32, 128), 128), 'pool',
    (256, (160, 320), (32, 128), 128), (384, (192, 384), (48, 128), 128))


def googlenet():
    """5.9, for 96x96 inputs."""
    layers = [conv(1, 64, 7, 2, 3, 'relu'), nn.MaxPool2d(3, 2, 1),
              conv(64, 64, 1, act='relu'), conv(64, 192, 3, padding=1, act='relu'), nn.MaxPool2d(3, 2, 1)]
    in_channels = 192
    for row in GOOGLENET_ARCH:
        if row == 'pool':
            layers.append(nn.MaxPool2d(3, 2, 1))
        else:
            layers.append(Inception(in_channels, *row))
            in_channels = layers[-1].channels
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), dense(in_channels, 10))


class ScratchBatchNorm(nn.Module):
    """5.10's from-scratch BatchNorm: the notes' formula in tensor operations, gamma and beta
    shaped (1, C) or (1, C, 1, 1), the moving statistics (both zeros at first, as the notes start
    them) with momentum 0.9 outside autograd."""

    def __init__(self, num_features, num_dims, eps=1e-5, momentum=0.9):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma, self.beta = nn.Parameter(torch.ones(shape)), nn.Parameter(torch.zeros(shape))
        self.register_buffer('moving_mean', torch.zeros(shape))
        self.register_buffer('moving_var', torch.zeros(shape))
        self.eps, self.momentum = eps, momentum

    def forward(self, X):
        if not self.training:
            X_hat = (X - self.moving_mean) / torch.sqrt(self.moving_var + self.eps)
        else:
            axes = (0,) if X.dim() == 2 else (0, 2, 3)
            mean = X.mean(dim=axes, keepdim=True)
            var = ((X - mean) ** 2).mean(dim=axes, keepdim=True)
            X_hat = (X - mean) / torch.sqrt(var + self.eps)
            with torch.no_grad():
                self.moving_mean.mul_(self.momentum).add_((1.0 - self.momentum) * mean)
                self.moving_var.mul_(self.momentum).add_((1.0 - self.momentum) * var)
        return self.gamma * X_hat + self.beta


def lenet_bn(scratch=False):
    """5.10: LeNet with a batch norm after each convolution and dense layer (scratch: the notes' own)."""
    def bn(channels, dims):
        if scratch:
            return ScratchBatchNorm(channels, dims)
        return (nn.BatchNorm2d if dims == 4 else nn.BatchNorm1d)(channels, **BN)
    return nn.Sequential(nn.Conv2d(1, 6, 5), bn(6, 4), nn.Sigmoid(), nn.MaxPool2d(2, 2),
                         nn.Conv2d(6, 16, 5), bn(16, 4), nn.Sigmoid(), nn.MaxPool2d(2, 2), nn.Flatten(),
                         nn.Linear(16 * 4 * 4, 120), bn(120, 2), nn.Sigmoid(),
                         nn.Linear(120, 84), bn(84, 2), nn.Sigmoid(), nn.Linear(84, 10))


class Residual(nn.Module):
    """5.11's residual block (biases on every convolution, as Gluon's Conv2D has them)."""

    def __init__(self, in_channels, channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, channels, 3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv3 = nn.Conv2d(in_channels, channels, 1, stride=strides) if use_1x1conv else None
        self.bn1, self.bn2 = nn.BatchNorm2d(channels, **BN), nn.BatchNorm2d(channels, **BN)

    def forward(self, X):
        Y = torch.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3 is not None:
            X = self.conv3(X)
        return torch.relu(Y + X)


def resnet18():
    """5.11, for 96x96 inputs: four stages of two residual blocks."""
    layers, in_channels = [nn.Conv2d(1, 64, 7, 2, 3), nn.BatchNorm2d(64, **BN), nn.ReLU(),
                           nn.MaxPool2d(3, 2, 1)], 64
    for i, channels in enumerate((64, 128, 256, 512)):
        first = i == 0
        layers += [Residual(in_channels, channels, use_1x1conv=not first, strides=1 if first else 2),
                   Residual(channels, channels)]
        in_channels = channels
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10))


def conv_block(in_channels, channels):
    """5.12's batch norm, ReLU, 3x3 convolution."""
    return nn.Sequential(nn.BatchNorm2d(in_channels, **BN), nn.ReLU(),
                         nn.Conv2d(in_channels, channels, 3, padding=1))


class DenseBlock(nn.Module):
    """5.12: each conv_block's output concatenated to its input on the channels."""

    def __init__(self, num_convs, in_channels, channels):
        super().__init__()
        self.net = nn.Sequential(*[conv_block(in_channels + i * channels, channels)
                                   for i in range(num_convs)])
        self.channels = in_channels + num_convs * channels

    def forward(self, X):
        for blk in self.net:
            X = torch.cat((X, blk(X)), dim=1)
        return X


def densenet(num_convs_in_dense_blocks=(4, 4, 4, 4), growth_rate=32):
    """5.12, for 96x96 inputs: dense blocks, transitions that halve the channels and the size."""
    layers, num_channels = [nn.Conv2d(1, 64, 7, 2, 3), nn.BatchNorm2d(64, **BN), nn.ReLU(),
                            nn.MaxPool2d(3, 2, 1)], 64
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        layers.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels = layers[-1].channels
        if i != len(num_convs_in_dense_blocks) - 1:
            layers.append(nn.Sequential(nn.BatchNorm2d(num_channels, **BN), nn.ReLU(),
                                        nn.Conv2d(num_channels, num_channels // 2, 1), nn.AvgPool2d(2, 2)))
            num_channels //= 2
    return nn.Sequential(*layers, nn.BatchNorm2d(num_channels, **BN), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(num_channels, 10))


# chapter5's model names -> PyTorch builders
def speedrun_net(widths, blocks):
    """chapter5.speedrun.net's network for 28x28 inputs: a 3x3 convolution, batch norm and ReLU, a
    stage of 5.11's residual blocks per width (each stage after the first halving the size), global
    average pooling, a dense layer."""
    layers = [nn.Conv2d(1, widths[0], 3, padding=1), nn.BatchNorm2d(widths[0], **BN), nn.ReLU()]
    in_channels = widths[0]
    for i, (channels, n) in enumerate(zip(widths, blocks)):
        for j in range(n):
            down = i > 0 and j == 0
            layers.append(Residual(in_channels, channels, use_1x1conv=down, strides=2 if down else 1))
            in_channels = channels
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(in_channels, 10))


def speedrun(model):
    """The speedrun plan's network `model` (its widths and blocks from chapter5.speedrun.plans)."""
    from chapter5.speedrun.plans import plan_of
    plan = plan_of(model)
    return speedrun_net(plan.widths, plan.blocks)


BUILDERS = {
    'lenet': lenet, 'alexnet': alexnet, 'vgg11': lambda: vgg(CONV_ARCH),
    'vgg11_small': lambda: vgg([(n, c // 4) for n, c in CONV_ARCH]), 'nin': nin, 'googlenet': googlenet,
    'lenet_bn_scratch': lambda: lenet_bn(scratch=True), 'lenet_bn': lenet_bn,
    'resnet18': resnet18, 'densenet': densenet,
    'speedrun10': lambda: speedrun('speedrun10'), 'speedrun10b': lambda: speedrun('speedrun10b'),
    'speedrun60': lambda: speedrun('speedrun60'),
}


def build(name):
    """Model `name`'s PyTorch network, initialised as the recipes initialise chapter5's."""
    if name not in BUILDERS:
        raise ValueError('no PyTorch version of %r; there are: %s' % (name, ', '.join(BUILDERS)))
    net = BUILDERS[name]()
    for module in net.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)
            nn.init.zeros_(module.bias)
    return net
