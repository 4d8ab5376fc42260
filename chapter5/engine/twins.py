"""Hybrid twins of the notes' blocks: the same layers and parameters, run as one compiled graph.

The notes write `Residual` (5.11), `Inception` (5.9) and `DenseBlock` (5.12) as
`nn.Block`s with `forward` and `nd.`; Gluon can only hybridize `HybridBlock`s. A
twin holds the very same child layers (so the same parameters, gradients and
names) and repeats the block's `forward` with `F` in place of `nd`. tests/
test_twins.py holds each twin equal to its block, forward and backward.

One operator differs, not the function: the notes' `nd.relu` becomes `F.Activation(act_type='relu')`,
the same max(x, 0) and the same gradient, which MXNet runs with oneDNN's kernel on every core: its
forward and backward take 3-5x less time on the CPU than `relu`'s, which was a quarter of a
ResNet training step (benchmarks/speedrun_profile.py; docs/engine.md).
"""
from mxnet.gluon import nn

from chapter5.batch_norm import BatchNorm
from chapter5.densenet import DenseBlock
from chapter5.engine.batch_norm_twins import PredictBatchNorm, ScratchSequential
from chapter5.googlenet import Inception
from chapter5.resnet import Residual


class HybridResidual(nn.HybridBlock):
    """5.11 `Residual`, compiled."""

    def __init__(self, block):
        super(HybridResidual, self).__init__(prefix=block.prefix)
        self.conv1, self.conv2, self.conv3 = block.conv1, block.conv2, block.conv3
        self.bn1, self.bn2 = block.bn1, block.bn2

    def hybrid_forward(self, F, X):
        Y = relu(F, self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return relu(F, Y + X)


def relu(F, X):
    """The notes' `relu(X)`, as the Activation operator (oneDNN's kernel; see the module's note)."""
    return F.Activation(X, act_type='relu')


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


# the notes' blocks that need a twin, and their twins
TWINS = {Residual: HybridResidual, Inception: HybridInception, DenseBlock: HybridDenseBlock}


def predictor(net):
    """`net` for prediction only, as one graph: its twin with every from-scratch BatchNorm in
    prediction mode (PredictBatchNorm), so that every model of the chapter can be hybridized and
    exported. Shares the parameters; the moving statistics are copied as they are now."""
    if isinstance(net, BatchNorm):
        return PredictBatchNorm(net)
    if isinstance(net, nn.Sequential) and not isinstance(net, nn.HybridBlock):
        return hybrid_sequential(net, predictor)
    return twin(net)


def hybrid_sequential(net, each):
    """An `nn.HybridSequential` under `net`'s prefix holding `each(child)` for each child of the
    Sequential `net` (each must give a HybridBlock): the recursion predictor and the diagrams share."""
    copy = nn.HybridSequential(prefix=net.prefix)
    copy.add(*[each(child) for child in net])
    return copy


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
