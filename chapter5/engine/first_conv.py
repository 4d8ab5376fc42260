"""The first convolution unfolded: a network's first `nn.Conv2D` on one input channel as im2col and a
1x1 convolution, for training (docs/engine.md, "The first convolution")."""
from mxnet.gluon import nn

from chapter5.engine.batch_norm_twins import ScratchSequential


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
