"""Hybrid twins of the notes' blocks: the same layers and parameters, run as one compiled graph.

The notes write `Residual` (5.11), `Inception` (5.9) and `DenseBlock` (5.12) as
`nn.Block`s with `forward` and `nd.`; Gluon can only hybridize `HybridBlock`s. A
twin holds the very same child layers (so the same parameters, gradients and
names) and repeats the block's `forward` with `F` in place of `nd`. tests/
test_engine.py holds each twin equal to its block, forward and backward.
"""
from mxnet import autograd
from mxnet.gluon import nn

from chapter5.batch_norm import BatchNorm
from chapter5.densenet import DenseBlock
from chapter5.googlenet import Inception
from chapter5.resnet import Residual


class HybridResidual(nn.HybridBlock):
    """5.11 `Residual`, compiled."""

    def __init__(self, block):
        super(HybridResidual, self).__init__(prefix=block.prefix)
        self.conv1, self.conv2, self.conv3 = block.conv1, block.conv2, block.conv3
        self.bn1, self.bn2 = block.bn1, block.bn2

    def hybrid_forward(self, F, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return F.relu(Y + X)


class HybridInception(nn.HybridBlock):
    """5.9 `Inception`, compiled."""

    def __init__(self, block):
        super(HybridInception, self).__init__(prefix=block.prefix)
        self.p1_1, self.p2_1, self.p2_2 = block.p1_1, block.p2_1, block.p2_2
        self.p3_1, self.p3_2, self.p4_1, self.p4_2 = block.p3_1, block.p3_2, block.p4_1, block.p4_2

    def hybrid_forward(self, F, x):
        p1 = self.p1_1(x)
        p2 = self.p2_2(self.p2_1(x))
        p3 = self.p3_2(self.p3_1(x))
        p4 = self.p4_2(self.p4_1(x))
        return F.concat(p1, p2, p3, p4, dim=1)


class HybridDenseBlock(nn.HybridBlock):
    """5.12 `DenseBlock`, compiled."""

    def __init__(self, block):
        super(HybridDenseBlock, self).__init__(prefix=block.prefix)
        self.net = twin(block.net)

    def hybrid_forward(self, F, X):
        for blk in self.net:
            Y = blk(X)
            X = F.concat(X, Y, dim=1)
        return X


# the eps and momentum the notes' BatchNorm.forward passes to batch_norm
EPS, MOMENTUM = 1e-5, 0.9


class PredictBatchNorm(nn.HybridBlock):
    """5.10's from-scratch `BatchNorm` in prediction mode, compiled, for export and prediction: its
    gamma and beta, and its moving mean and variance (Python state in the notes' block, not
    parameters) as constants of the graph. The notes' prediction branch:
    Y = gamma * (X - moving_mean) / sqrt(moving_var + eps) + beta, broadcast over the batch
    (and the height and width)."""

    def __init__(self, block):
        super(PredictBatchNorm, self).__init__(prefix=block.prefix, params=block.params)
        self.gamma, self.beta = self.params.get('gamma'), self.params.get('beta')  # the block's own
        self.moving_mean = self.params.get_constant('moving_mean', block.moving_mean)
        self.moving_var = self.params.get_constant('moving_var', block.moving_var)
        for constant in (self.moving_mean, self.moving_var):
            constant.initialize(ctx=block.moving_mean.context)

    def hybrid_forward(self, F, X, gamma, beta, moving_mean, moving_var):
        return predict(F, X, gamma, beta, moving_mean, moving_var, EPS)


def predict(F, X, gamma, beta, moving_mean, moving_var, eps):
    """The notes' prediction branch of `batch_norm`, broadcast as their NDArray code broadcasts."""
    X_hat = F.broadcast_div(F.broadcast_sub(X, moving_mean), F.sqrt(moving_var + eps))
    return F.broadcast_add(F.broadcast_mul(gamma, X_hat), beta)


class TrainBatchNorm(nn.HybridBlock):
    """5.10's from-scratch `BatchNorm` in training mode, compiled: the notes' `batch_norm` as MXNet's
    BatchNorm operator computes it. The same function: the batch's mean and biased variance over
    the batch (and the height and width), Y = gamma * (X - mean) / sqrt(var + eps) + beta, the
    gradients through the batch statistics, and the moving statistics updated as
    momentum * moving + (1 - momentum) * batch; but one operator with its analytic backward pass
    instead of the formula's broadcasts, whose backward reductions took most of a step
    (docs/engine.md, "The from-scratch BatchNorm"). The moving statistics come in as views of the
    notes' arrays, which the operator updates in place."""

    def __init__(self, block):
        super(TrainBatchNorm, self).__init__(prefix=block.prefix, params=block.params)
        self.gamma, self.beta = self.params.get('gamma'), self.params.get('beta')  # the block's own

    def hybrid_forward(self, F, X, moving_mean, moving_var, gamma, beta):
        return F.BatchNorm(X, gamma.reshape((-1,)), beta.reshape((-1,)), moving_mean, moving_var,
                           eps=EPS, momentum=MOMENTUM, fix_gamma=False, use_global_stats=False,
                           axis=1)


class MovingStatsBatchNorm(nn.HybridBlock):
    """5.10's from-scratch `BatchNorm` in prediction mode, compiled, its moving statistics inputs
    of the graph (they change as training goes on; PredictBatchNorm holds them fixed)."""

    def __init__(self, block):
        super(MovingStatsBatchNorm, self).__init__(prefix=block.prefix, params=block.params)
        self.gamma, self.beta = self.params.get('gamma'), self.params.get('beta')

    def hybrid_forward(self, F, X, moving_mean, moving_var, gamma, beta):
        return predict(F, X, gamma, beta, moving_mean, moving_var, EPS)


class _Chain(nn.HybridBlock):
    """Layers in order, the from-scratch BatchNorms among them taking their moving statistics as
    inputs (in pairs, in order)."""

    def __init__(self, layers, prefix):
        super(_Chain, self).__init__(prefix=prefix)
        for i, layer in enumerate(layers):
            self.register_child(layer, str(i))

    def hybrid_forward(self, F, X, *moving):
        moving = list(moving)
        for layer in self._children.values():
            if isinstance(layer, (TrainBatchNorm, MovingStatsBatchNorm)):
                X = layer(X, moving.pop(0), moving.pop(0))
            else:
                X = layer(X)
        return X


class ScratchSequential(nn.Block):
    """An `nn.Sequential` holding 5.10's from-scratch BatchNorms (lenet_bn_scratch), compiled: two
    graphs of the same layers, one for training (TrainBatchNorm) and one for prediction
    (MovingStatsBatchNorm), chosen as the notes' `batch_norm` chooses, by autograd's mode. Training
    updates the BatchNorms' `moving_mean` and `moving_var` (in place, where the notes rebind them),
    so checkpoints, prediction and export see them as before."""

    def __init__(self, block, children):
        """`children`: the twins of `block`'s children, in order."""
        super(ScratchSequential, self).__init__(prefix=block.prefix)
        self.batch_norms = [child for child in children if isinstance(child, BatchNorm)]
        for i, bn in enumerate(self.batch_norms):  # children, so that Gluon sees where they are
            self.register_child(bn, 'batch_norm%d' % i)
        self.train_graph = _Chain([TrainBatchNorm(c) if isinstance(c, BatchNorm) else c
                                   for c in children], prefix=block.prefix)
        self.predict_graph = _Chain([MovingStatsBatchNorm(c) if isinstance(c, BatchNorm) else c
                                     for c in children], prefix=block.prefix)

    def hybridize(self, active=True, **kwargs):
        self.train_graph.hybridize(active, **kwargs)
        self.predict_graph.hybridize(active, **kwargs)

    def forward(self, X):
        moving = []
        for bn in self.batch_norms:
            # 如果X不在内存上，将moving_mean和moving_var复制到X所在显存上
            if bn.moving_mean.context != X.context:
                bn.moving_mean = bn.moving_mean.copyto(X.context)
                bn.moving_var = bn.moving_var.copyto(X.context)
            moving += [bn.moving_mean, bn.moving_var]
        if not autograd.is_training():
            return self.predict_graph(X, *moving)
        # flat views of the moving statistics, for the BatchNorm operator to update in place
        return self.train_graph(X, *[m.reshape((-1,)) for m in moving])


class UnfoldedConv(nn.HybridBlock):
    """A network's first `nn.Conv2D` (stride 1, no padding) as im2col and a 1x1 convolution: the same
    products summed in the same order (oneDNN's own convolution is im2col and a matrix product; the
    outputs and gradients come out bit for bit equal), but the weight gradient of a convolution on
    one input channel, oneDNN's slowest case, becomes that of a 1x1 one: it had taken 3 to 9 ms of
    LeNet's 12 ms step, depending on the process (docs/engine.md, "The first convolution").
    Y[n, o] = sum_k W[o, k] * cols[n, k], k = (c, i, j) in the order of the weight's own layout."""

    def __init__(self, conv):
        super(UnfoldedConv, self).__init__(prefix=conv.prefix, params=conv.params)
        self.weight = self.params.get('weight')
        self.bias = None if conv._kwargs['no_bias'] else self.params.get('bias')
        self.kernel, self.channels, self.act = conv._kwargs['kernel'], conv._channels, conv.act

    @staticmethod
    def unfolds(layer):
        """Whether `layer` is a convolution this twin computes: 2-D, stride 1, no padding or dilation."""
        if type(layer) is not nn.Conv2D:
            return False
        kw = layer._kwargs
        return (kw['stride'], kw['pad'], kw['dilate'], kw['num_group'], kw['layout']) == \
            ((1, 1), (0, 0), (1, 1), 1, 'NCHW')

    def hybrid_forward(self, F, x, weight, bias=None):
        kh, kw = self.kernel
        cols = F.im2col(x, kernel=self.kernel)  # (N, C*kh*kw, oh*ow)
        out = F.slice(x, begin=(None, None, kh - 1, kw - 1), end=(None, None, None, None))  # (N, C, oh, ow)
        cols = F.reshape_like(cols, out, lhs_begin=2, lhs_end=3, rhs_begin=2, rhs_end=4)
        Y = F.Convolution(cols, weight.reshape((0, -1, 1, 1)), bias, kernel=(1, 1), num_filter=self.channels,
                          no_bias=bias is None)
        return self.act(Y) if self.act is not None else Y


def unfold_first_conv(net):
    """`net` (a twin) with its first layer an UnfoldedConv where it can be: for training (the
    exported and predicting graphs keep MXNet's Convolution, which ONNX knows)."""
    if isinstance(net, nn.HybridSequential) and len(net) and UnfoldedConv.unfolds(net[0]):
        copy = nn.HybridSequential(prefix=net.prefix)
        copy.add(UnfoldedConv(net[0]), *list(net)[1:])
        return copy
    if isinstance(net, ScratchSequential):
        for graph in (net.train_graph, net.predict_graph):
            first = graph._children['0']
            if UnfoldedConv.unfolds(first):
                graph.register_child(UnfoldedConv(first), '0')
    return net


# the notes' blocks that need a twin, and their twins
TWINS = {Residual: HybridResidual, Inception: HybridInception, DenseBlock: HybridDenseBlock}


def scratch_batch_norms(block, path=''):
    """{path: block} of the from-scratch BatchNorms in `block` (paths such as '1' or '2.0', by the
    children's places): the layers whose moving statistics a checkpoint must keep apart."""
    if isinstance(block, BatchNorm):
        return {path: block}
    found = {}
    for key, child in block._children.items():
        found.update(scratch_batch_norms(child, key if not path else path + '.' + key))
    return found


def predictor(net):
    """`net` for prediction only, as one graph: its twin with every from-scratch BatchNorm in
    prediction mode (PredictBatchNorm), so that every model of the chapter can be hybridized and
    exported. Shares the parameters; the moving statistics are copied as they are now."""
    if isinstance(net, BatchNorm):
        return PredictBatchNorm(net)
    if isinstance(net, nn.Sequential) and not isinstance(net, nn.HybridBlock):
        copy = nn.HybridSequential(prefix=net.prefix)
        copy.add(*[predictor(child) for child in net])
        return copy
    return twin(net)


def twin(block):
    """A hybridizable view of `block` that shares its layers and parameters.

    A notes' block in TWINS becomes its twin; an `nn.Sequential` whose children
    all become HybridBlocks becomes an `nn.HybridSequential` of them, so a whole
    network can run as one graph; one whose other children do and that holds
    from-scratch `BatchNorm`s (whose moving statistics are Python state) becomes a
    `ScratchSequential` (two graphs, the statistics passed through); anything else
    stays a Sequential of twins. The original network, its names and printouts are
    untouched.
    """
    for kind, twin_kind in TWINS.items():
        if isinstance(block, kind):  # a subclass keeps the block's forward (the exercises' DenseBlockBC)
            return twin_kind(block)
    if isinstance(block, nn.HybridBlock) or not isinstance(block, nn.Sequential):
        return block
    children = [twin(child) for child in block]
    hybrid = all(isinstance(child, nn.HybridBlock) for child in children)
    if not hybrid and all(isinstance(c, (nn.HybridBlock, BatchNorm)) for c in children):
        return ScratchSequential(block, children)
    copy = (nn.HybridSequential if hybrid else nn.Sequential)(prefix=block.prefix)
    copy.add(*children)
    return copy
