"""The book's shared harness (d2lzh 1.0.0, chapter 5), offline.

`try_gpu`, `evaluate_accuracy`, `train_ch5` and `load_data_fashion_mnist` keep
the book's names, signatures, semantics and printed lines.
"""
import contextlib
import functools
import math
import sys
import time
import warnings
from collections import namedtuple

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import data as gdata
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn

from chapter5 import _python_thread_serial
from chapter5.data import read_fashion_mnist

# A training recipe of the book (5 epochs of SGD, Xavier init) and, where the
# book documents one, its epoch-5 result (loss, train acc, test acc).
Recipe = namedtuple('Recipe', 'lr batch_size resize num_epochs book')
BookResult = namedtuple('BookResult', 'loss train_acc test_acc')


EpochResult = namedtuple('EpochResult', 'epoch loss train_acc test_acc seconds')


class TrainingDiverged(ArithmeticError):
    """The training loss became NaN or infinite."""


def try_gpu():
    """gpu(0) if an NDArray can be made there, else cpu(0) (5.5)."""
    try:
        ctx = mx.gpu()
        _ = nd.zeros((1,), ctx=ctx)
    except mx.base.MXNetError:
        ctx = mx.cpu()
    return ctx


def evaluate_accuracy(data_iter, net, ctx):
    """Classification accuracy of `net` on `data_iter`, computed on `ctx` (5.5)."""
    acc_sum, n = nd.array([0], ctx=ctx), 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        acc_sum += (net(X).argmax(axis=1) == y).sum()
        n += y.size
    return acc_sum.asscalar() / n


def _fast_path_threads(train):
    """`train`, run inside chapter5._python_thread_serial() when called with fast=True."""
    @functools.wraps(train)
    def train_with_threads(*args, **kwargs):
        with _python_thread_serial() if kwargs.get('fast') else contextlib.nullcontext():
            return train(*args, **kwargs)
    return train_with_threads


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs, *, fast=False,
              start_epoch=0, epoch_start=None, epoch_end=None):
    """Train and evaluate `net`, one line per epoch as the book prints it (5.5).

    Returns the epochs' results (the book returns nothing). Stops with
    `TrainingDiverged` as soon as the loss is NaN or infinite. Extras, off by
    default: `fast=True` trains the same way through a hybridized twin of `net`
    (same layers and parameters), keeping the sums on the device and
    synchronising every few batches only; `start_epoch` skips epochs already
    done (resuming); `epoch_start(epoch)` and `epoch_end(result)` are called
    around each epoch (seeding, checkpoints).
    """
    print('training on', ctx)
    loss = gloss.SoftmaxCrossEntropyLoss()
    if fast:
        net = hybrid_twin(net)
        with warnings.catch_warnings():  # Sequentials inside a Block (DenseBlock) stay as they are
            warnings.filterwarnings('ignore', 'All children of this Sequential layer')
            net.hybridize(static_alloc=True)
    run_epoch = train_epoch_fast if fast else train_epoch
    history = []
    for epoch in range(start_epoch, num_epochs):
        if epoch_start:
            epoch_start(epoch)
        start = time.time()
        train_l_sum, train_acc_sum, n = run_epoch(net, train_iter, loss, batch_size, trainer, ctx, epoch)
        test_acc = evaluate_accuracy(test_iter, net, ctx)
        result = EpochResult(epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc,
                             time.time() - start)
        print('epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec' % result)
        history.append(result)
        if epoch_end:
            epoch_end(result)
    return history


# the fast path's threads (README, "Every core"); the notebooks show the function as the book has it
train_ch5 = _fast_path_threads(train_ch5)


def train_epoch(net, train_iter, loss, batch_size, trainer, ctx, epoch):
    """One epoch as the book trains it: Python reads the loss and accuracy every batch."""
    train_l_sum, train_acc_sum, n = 0.0, 0.0, 0
    for X, y in train_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx)
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y).sum()
        l.backward()
        trainer.step(batch_size)
        y = y.astype('float32')
        train_l_sum += l.asscalar()
        _check_finite(train_l_sum, epoch, n + y.size, trainer)
        train_acc_sum += (y_hat.argmax(axis=1) == y).sum().asscalar()
        n += y.size
    return train_l_sum, train_acc_sum, n


SYNC_EVERY = 20  # fast path: batches between synchronisations (and NaN checks)


def train_epoch_fast(net, train_iter, loss, batch_size, trainer, ctx, epoch):
    """One epoch of the fast path: the sums stay on the device, read every SYNC_EVERY batches."""
    train_l_sum, train_acc_sum, n = nd.zeros(1, ctx=ctx), nd.zeros(1, ctx=ctx), 0
    for i, (X, y) in enumerate(train_iter):
        X, y = X.as_in_context(ctx), y.as_in_context(ctx)
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y).sum()
        l.backward()
        trainer.step(batch_size)
        train_l_sum += l
        train_acc_sum += (y_hat.argmax(axis=1) == y.astype('float32')).sum()
        n += y.size
        if (i + 1) % SYNC_EVERY == 0:
            _check_finite(train_l_sum.asscalar(), epoch, n, trainer)
    train_l_sum = train_l_sum.asscalar()
    _check_finite(train_l_sum, epoch, n, trainer)
    return train_l_sum, train_acc_sum.asscalar(), n


def _check_finite(loss_sum, epoch, n, trainer):
    if not math.isfinite(loss_sum):
        raise TrainingDiverged(
            'the training loss became %s in epoch %d after %d examples; '
            'the learning rate (%g) is probably too high: try a lower one'
            % (loss_sum, epoch + 1, n, trainer.learning_rate))


def hybrid_twin(block):
    """A hybridized view of `block` that shares its layers and parameters (fast path).

    Every `nn.Sequential` whose children can all be hybridized becomes an
    `nn.HybridSequential` holding the same children, so a whole network runs as
    one cached graph; other blocks keep their own hybridizable children. The
    original network, its names and printouts are untouched.
    """
    if isinstance(block, nn.HybridBlock) or not isinstance(block, nn.Sequential):
        return block
    children = [hybrid_twin(child) for child in block]
    hybrid = all(isinstance(child, nn.HybridBlock) for child in children)
    twin = (nn.HybridSequential if hybrid else nn.Sequential)(prefix=block.prefix)
    twin.add(*children)
    return twin


def print_layer_shapes(net, X):
    """Feed X through the layers of `net` one by one, printing each output's shape (5.5)."""
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)
    return X


class FashionMNIST(gdata.Dataset):
    """Fashion-MNIST as gluon's `vision.FashionMNIST` gives it, read offline.

    Items are (uint8 NDArray of shape (28, 28, 1), int32 label). `root=None`
    looks in the book's ~/.mxnet/datasets/fashion-mnist, then in Debian's
    /usr/share/datasets/fashion-mnist; a given root is the only place looked.
    `num` keeps only the first `num` examples.
    """

    def __init__(self, root=None, train=True, *, num=None):
        images, labels = read_fashion_mnist(root, train)
        self._data = nd.array(images[:num], dtype=images.dtype)
        self._label = labels[:num]

    def __getitem__(self, idx):
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


class InMemoryLoader:
    """Fast-path batches of Fashion-MNIST: the decoded uint8 images stay in memory.

    Yields what the book's DataLoader over Resize + ToTensor yields, (float32
    (batch, 1, h, w) in [0, 1], int32 labels), converting a whole batch at once.
    Images are resized once, up front, when the resized set fits in
    `RESIZE_ONCE_BYTES`, else batch by batch (same bilinear kernel either way).
    """

    RESIZE_ONCE_BYTES = 1 << 30

    def __init__(self, images, labels, batch_size, shuffle, resize=None):
        self._images, self._labels = images, labels
        self.batch_size, self.shuffle, self._resize = batch_size, shuffle, resize
        if resize and len(images) * resize * resize <= self.RESIZE_ONCE_BYTES:
            self._images = np.concatenate([
                nd.image.resize(nd.array(images[i:i + 4096], dtype='uint8'), size=resize).asnumpy()
                for i in range(0, len(images), 4096)])
            self._resize = None

    def __len__(self):
        return (len(self._labels) + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        order = np.random.permutation(len(self._labels)) if self.shuffle else None
        for start in range(0, len(self._labels), self.batch_size):
            index = slice(start, start + self.batch_size) if order is None else \
                order[start:start + self.batch_size]
            X = nd.array(self._images[index], dtype='uint8')
            if self._resize:
                X = nd.image.resize(X, size=self._resize)
            yield nd.image.to_tensor(X), nd.array(self._labels[index], dtype='int32')


def load_data_fashion_mnist(batch_size, resize=None, root=None, *, num_train=None, num_test=None,
                            fast=False):
    """Fashion-MNIST as (train_iter, test_iter) DataLoaders, as in the book (5.6).

    Resize (when asked) then ToTensor; the training set is shuffled. Nothing
    is downloaded: a missing or damaged file raises `chapter5.data.DataError`.
    `num_train` / `num_test` keep only the first examples of a split (for short runs).
    `fast=True` returns `InMemoryLoader`s instead (no worker processes, whole
    batches converted at once); the test set then comes in larger batches where
    they are cheap.
    """
    if fast:
        (train_x, train_y), (test_x, test_y) = [
            (images[:num], labels[:num]) for (images, labels), num in
            [(read_fashion_mnist(root, True), num_train), (read_fashion_mnist(root, False), num_test)]]
        side = resize or 28
        eval_batch = max(batch_size, min(1024, (1 << 20) // (side * side)))
        return (InMemoryLoader(train_x, train_y, batch_size, shuffle=True, resize=resize),
                InMemoryLoader(test_x, test_y, eval_batch, shuffle=False, resize=resize))
    transformer = []
    if resize:
        transformer += [gdata.vision.transforms.Resize(resize)]
    transformer += [gdata.vision.transforms.ToTensor()]
    transformer = gdata.vision.transforms.Compose(transformer)
    mnist_train = FashionMNIST(root=root, train=True, num=num_train)
    mnist_test = FashionMNIST(root=root, train=False, num=num_test)
    num_workers = 0 if sys.platform.startswith('win32') else 4
    train_iter = gdata.DataLoader(mnist_train.transform_first(transformer),
                                  batch_size, shuffle=True, num_workers=num_workers)
    test_iter = gdata.DataLoader(mnist_test.transform_first(transformer),
                                 batch_size, shuffle=False, num_workers=num_workers)
    return train_iter, test_iter


def prepare_recipe(name, *, num_epochs=None, lr=None, batch_size=None, resize=None, ctx=None,
                   root=None, num_train=None, num_test=None, fast=False):
    """What the recipe of model `name` trains with: a dict of train_ch5's arguments.

    Any keyword given replaces that part of the book's recipe (`resize=0` for
    none); `num_train` / `num_test` keep the first examples only; `fast=True`
    takes the fast path of the loader and of `train_ch5`. The network is
    initialised with Xavier (drawn at its first forward pass).
    """
    from chapter5 import get_model
    builder = get_model(name)
    recipe = builder.recipe
    lr = recipe.lr if lr is None else lr
    batch_size = batch_size or recipe.batch_size
    resize = recipe.resize if resize is None else resize
    ctx = ctx or try_gpu()
    net = builder()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize, root=root,
                                                    num_train=num_train, num_test=num_test, fast=fast)
    return dict(net=net, train_iter=train_iter, test_iter=test_iter, batch_size=batch_size,
                trainer=trainer, ctx=ctx, num_epochs=num_epochs or recipe.num_epochs, fast=fast)


def train_recipe(name, **overrides):
    """Train the model `name` of `chapter5.MODELS` with the book's recipe (see prepare_recipe).

    Returns train_ch5's per-epoch results.
    """
    return train_ch5(**prepare_recipe(name, **overrides))
