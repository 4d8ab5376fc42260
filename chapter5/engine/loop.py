"""The engine's training loop: the book's `train_ch5`, through hybrid twins, with fewer syncs."""
import math
import time
import warnings

from mxnet import autograd, nd
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn
from mxnet.gluon import utils as gutils

from chapter5.engine.errors import EngineError
from chapter5.engine.first_conv import unfold_first_conv
from chapter5.engine.records import epoch_line
from chapter5.engine.threads import python_thread_serial
from chapter5.engine.twins import twin
from chapter5.utils import EpochResult, evaluate_accuracy

SYNC_EVERY = 20  # batches between synchronisations (and NaN checks)


class TrainingDiverged(EngineError, ArithmeticError):
    """The training loss became NaN or infinite."""


def compiled(net):
    """`net`'s hybrid twin for training, hybridized (static memory): the same layers and parameters,
    the first convolution unfolded where it can be."""
    net = unfold_first_conv(twin(net))
    with warnings.catch_warnings():  # a Sequential with a from-scratch BatchNorm deeper in stays imperative
        warnings.filterwarnings('ignore', 'All children of this Sequential layer')
        net.hybridize(static_alloc=True)
    return net


class Step(nn.HybridBlock):
    """The forward half of a training step, compiled whole: the network, the book's loss summed over
    the batch, `loss(y_hat, y).sum()`, and the number of right predictions,
    `(y_hat.argmax(axis=1) == y.astype('float32')).sum()`: the same operators as train_ch5's, in
    one graph instead of a dozen imperative calls per batch."""

    def __init__(self, net):
        super(Step, self).__init__(prefix=net.prefix)
        self.net, self.loss = net, gloss.SoftmaxCrossEntropyLoss()

    def hybrid_forward(self, F, X, y):
        y_hat = self.net(X)
        return self.loss(y_hat, y).sum(), (y_hat.argmax(axis=1) == y.astype('float32')).sum()


def compiled_step(net):
    """`Step(net)` hybridized where `net` is one graph, else None (the loop takes the book's calls)."""
    if not isinstance(net, nn.HybridBlock):
        return None
    step = Step(net)
    step.hybridize(static_alloc=True)
    return step


def contexts(ctx):
    """A context or a list of them, as a list."""
    return list(ctx) if isinstance(ctx, (list, tuple)) else [ctx]


def train(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs, *, start_epoch=0,
          epoch_start=None, epoch_end=None, clock=time.time, allreduce=None, evaluate=True):
    """Train as the book's `train_ch5` does, printing its lines; returns the epochs' results.

    What differs is speed and safety, not the arithmetic: `net` runs as its
    compiled twin (same parameters), with the loss and accuracy in its graph
    where it is one graph (`Step`), the sums stay on the device and are read
    every SYNC_EVERY batches, and the run stops with `TrainingDiverged` as soon
    as a read sum is NaN or infinite. `start_epoch` skips epochs already done
    (resuming); `epoch_start(epoch)` and `epoch_end(result)` are called around
    each epoch (seeds, checkpoints). `clock` times the epochs (a PauseClock leaves pauses out).

    Data parallel: `ctx` may be a list of contexts (the network initialised on all of them); each
    batch is split across them with `split_and_load`, each part's gradient is computed on its
    device, and the trainer's kvstore sums them before the step, so the recipe's batch size and
    learning rate mean what they mean on one device. With a distributed kvstore each worker's
    loader yields its part of every global batch; `allreduce(numbers)` sums the epoch's training
    sums over the workers, and only the worker with `evaluate` tests (the others report 0).
    """
    ctxs = contexts(ctx)
    print('training on', ctx)
    net = compiled(net)
    step = compiled_step(net) if len(ctxs) == 1 else None
    batch = (net, step, gloss.SoftmaxCrossEntropyLoss(), ctxs, trainer, batch_size)
    history = []
    with python_thread_serial():
        for epoch in range(start_epoch, num_epochs):
            if epoch_start:
                epoch_start(epoch)
            start = clock()
            train_l_sum, train_acc_sum, n = train_epoch(batch, train_iter, epoch)
            if allreduce:  # the whole global batch's sums, from every worker
                train_l_sum, train_acc_sum, n = allreduce([train_l_sum, train_acc_sum, n])
            check_finite(train_l_sum, epoch, n, trainer)
            test_acc = evaluate_accuracy(test_iter, net, ctxs[0]) if evaluate else 0.0
            # Python floats: numpy 2 keeps a float32 divided by an int in float32 (NEP 50), which JSON
            # cannot write; numpy 1 gave float64, the same value as these
            result = EpochResult(epoch + 1, float(train_l_sum) / n, float(train_acc_sum) / n, float(test_acc),
                                 clock() - start)
            if evaluate:
                print(epoch_line(result))
            history.append(result)
            if epoch_end:
                epoch_end(result)
    return history


def train_epoch(batch, train_iter, epoch):
    """One pass over `train_iter`: (summed loss, right answers, examples), the sums read once at the end
    and every SYNC_EVERY batches, to stop a diverging run early. `batch`: _train_batch's arguments."""
    ctx, trainer = batch[3][0], batch[4]
    train_l_sum, train_acc_sum, n = nd.zeros(1, ctx=ctx), nd.zeros(1, ctx=ctx), 0
    for i, (X, y) in enumerate(train_iter):
        for l, right in _train_batch(*batch, X, y):
            train_l_sum += l
            train_acc_sum += right
        n += y.size
        if (i + 1) % SYNC_EVERY == 0:
            check_finite(train_l_sum.asscalar(), epoch, n, trainer)
    return train_l_sum.asscalar(), train_acc_sum.asscalar(), n


def _train_batch(net, step, loss, ctxs, trainer, batch_size, X, y):
    """One step on a batch: [(summed loss, right answers)] per device, on the first device, unread."""
    if step is not None:  # one device, one graph: the loss and accuracy in it
        X, y = X.as_in_context(ctxs[0]), y.as_in_context(ctxs[0])
        with autograd.record():
            l, right = step(X, y)
        l.backward()
        trainer.step(batch_size)
        return [(l, right)]
    if len(ctxs) == 1:  # the book's arithmetic, one device
        X, y = X.as_in_context(ctxs[0]), y.as_in_context(ctxs[0])
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y).sum()
        l.backward()
        trainer.step(batch_size)
        return [(l, (y_hat.argmax(axis=1) == y.astype('float32')).sum())]
    # one part of the batch per device; the kvstore sums the gradients
    Xs = gutils.split_and_load(X, ctxs, even_split=False)
    ys = gutils.split_and_load(y, ctxs, even_split=False)
    with autograd.record():
        y_hats = [net(part) for part in Xs]
        ls = [loss(y_hat, part).sum() for y_hat, part in zip(y_hats, ys)]
    for l in ls:
        l.backward()
    trainer.step(batch_size)
    return [(l.as_in_context(ctxs[0]), (y_hat.argmax(axis=1) == part.astype('float32')).sum()
             .as_in_context(ctxs[0])) for l, y_hat, part in zip(ls, y_hats, ys)]


def check_finite(loss_sum, epoch, n, trainer):
    """Raise TrainingDiverged, with advice, when the loss sum read so far is not finite."""
    if not math.isfinite(loss_sum):
        raise TrainingDiverged(
            'the training loss became %s in epoch %d after %d examples; '
            'the learning rate (%g) is probably too high: try a lower one'
            % (loss_sum, epoch + 1, n, trainer.learning_rate))
