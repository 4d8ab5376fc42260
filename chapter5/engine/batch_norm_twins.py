"""Compiled twins of 5.10's from-scratch `BatchNorm`: for training (MXNet's BatchNorm operator, the
notes' formula with its analytic backward pass), for prediction with moving statistics as inputs or
as constants (export), and the Sequential that runs a network holding them as two graphs.

The notes' block keeps its moving statistics as Python state that its `forward` reassigns, which a
compiled graph cannot do; these twins pass them through the graph instead (docs/engine.md, "The
from-scratch BatchNorm"). tests/test_batch_norm_twins.py holds each equal to the notes' block.
"""
from mxnet import autograd
from mxnet.gluon import nn

from chapter5.batch_norm import BatchNorm

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


def scratch_batch_norms(block, path=''):
    """{path: block} of the from-scratch BatchNorms in `block` (paths such as '1' or '2.0', by the
    children's places): the layers whose moving statistics a checkpoint must keep apart."""
    if isinstance(block, BatchNorm):
        return {path: block}
    found = {}
    for key, child in block._children.items():
        found.update(scratch_batch_norms(child, key if not path else path + '.' + key))
    return found
