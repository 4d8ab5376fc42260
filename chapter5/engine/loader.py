"""Fashion-MNIST for the engine: whole batches from memory (fast) or the book's DataLoaders."""
import numpy as np
from mxnet import nd
from mxnet.gluon import data as gdata

from chapter5.data import read_fashion_mnist


class InMemoryLoader:
    """Fast-path batches of Fashion-MNIST: the decoded uint8 images stay in memory.

    Yields what the book's DataLoader over Resize + ToTensor yields, (float32
    (batch, 1, h, w) in [0, 1], int32 labels), converting a whole batch at once.
    Images are resized once, up front, when the resized set fits in
    `RESIZE_ONCE_BYTES`, else batch by batch (same bilinear kernel either way).
    """

    RESIZE_ONCE_BYTES = 1 << 30

    def __init__(self, images, labels, batch_size, shuffle, resize=None, shard=None):
        self._images, self._labels = images, labels
        self.batch_size, self.shuffle, self._resize = batch_size, shuffle, resize
        # (rank, workers): yield only worker `rank`'s part of each batch (the same order in every
        # worker for the same numpy seed; the parts of a batch are disjoint and make it whole)
        self.shard = shard
        if shard and len(labels) % batch_size and len(labels) % batch_size < shard[1]:
            raise ValueError('the last batch has %d examples, fewer than the %d workers: choose a '
                             'batch size or --num-train that leaves each worker at least one'
                             % (len(labels) % batch_size, shard[1]))
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
            if self.shard:
                rank, workers = self.shard
                index = np.arange(len(self._labels))[index] if order is None else index
                index = index[rank * len(index) // workers:(rank + 1) * len(index) // workers]
            X = nd.array(self._images[index], dtype='uint8')
            if self._resize:
                X = nd.image.resize(X, size=self._resize)
            yield nd.image.to_tensor(X), nd.array(self._labels[index], dtype='int32')


def fast_loaders(batch_size, resize=None, root=None, num_train=None, num_test=None, shard=None):
    """(train, test) InMemoryLoaders over the first `num_train` / `num_test` examples (all: None).

    The test set comes in larger batches where they are cheap: accuracy does not
    depend on the batch size. `shard` (rank, workers): the training loader yields that worker's
    part of every batch (the test set is whole: worker 0 evaluates).
    """
    (train_x, train_y), (test_x, test_y) = [
        (images[:num], labels[:num]) for (images, labels), num in
        [(read_fashion_mnist(root, True), num_train), (read_fashion_mnist(root, False), num_test)]]
    side = resize or 28
    eval_batch = max(batch_size, min(1024, (1 << 20) // (side * side)))
    return (InMemoryLoader(train_x, train_y, batch_size, shuffle=True, resize=resize, shard=shard),
            InMemoryLoader(test_x, test_y, eval_batch, shuffle=False, resize=resize))


class _First(gdata.Dataset):
    """The first `n` items of a dataset."""

    def __init__(self, dataset, n):
        self._dataset, self._n = dataset, min(n, len(dataset))

    def __getitem__(self, idx):
        if not 0 <= idx < self._n:
            raise IndexError(idx)
        return self._dataset[idx]

    def __len__(self):
        return self._n


def book_loaders(batch_size, resize=None, root=None, num_train=None, num_test=None):
    """The book's loaders (`chapter5.utils.load_data_fashion_mnist`), cut to the first examples."""
    from chapter5.utils import load_data_fashion_mnist
    loaders = load_data_fashion_mnist(batch_size, resize, *([root] if root else []))
    return tuple(loader if num is None else gdata.DataLoader(
        _First(loader._dataset, num), batch_size, shuffle=shuffle, num_workers=loader._num_workers)
        for loader, num, shuffle in zip(loaders, (num_train, num_test), (True, False)))
