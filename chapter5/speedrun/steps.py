"""The speedrun's training step and its accuracy: label smoothing in the compiled step; the
held-out accuracy averaged over each image and its mirror."""
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn

CLASSES = 10


class SmoothedStep(nn.HybridBlock):
    """The forward half of a training step as one graph: the network, the cross-entropy against
    labels smoothed by `smoothing` (the true class 1 - smoothing + smoothing / 10, every other
    smoothing / 10) summed over the batch, and the number of right predictions. With smoothing 0 it
    is the book's loss. It plays the engine's `loop.Step` (chapter5.engine.loop.train_epoch)."""

    def __init__(self, net, smoothing):
        super(SmoothedStep, self).__init__(prefix=net.prefix)
        self.net, self.smoothing = net, smoothing
        self.loss = gloss.SoftmaxCrossEntropyLoss(sparse_label=False)

    def hybrid_forward(self, F, X, y):
        y_hat = self.net(X)
        target = F.one_hot(y, CLASSES) * (1 - self.smoothing) + self.smoothing / CLASSES
        return self.loss(y_hat, target).sum(), (y_hat.argmax(axis=1) == y.astype('float32')).sum()


def accuracy(net, data_iter, flip, ctx):
    """(share of right answers, examples) of `net` (prediction mode) on `data_iter`; with `flip` each
    image's class probabilities are averaged with its mirror's (test-time flip)."""
    right, n = 0.0, 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx)
        p = net(X).softmax()
        if flip:
            p = p + net(X.flip(axis=3)).softmax()
        right += (p.argmax(axis=1) == y.astype('float32')).sum().asscalar()
        n += y.size
    return right / n, n
