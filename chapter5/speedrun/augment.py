"""The speedrun's data: training batches with a random crop and a random horizontal flip, and the
split that keeps the test set out of every choice.

The images stay uint8 in memory, padded once; a batch is cut out of a view of all the crops
(numpy's sliding_window_view: no copy until the batch is taken), so augmenting costs a gather per
batch, not a Python loop per image. Batches come as the engine's loaders give them: float32
(batch, 1, 28, 28) in [0, 1] and int32 labels; `arrays()` gives the same batches as numpy arrays
without MXNet (the PyTorch twin of benchmarks/speedrun.py takes those).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from chapter5.data import read_fashion_mnist

SIDE = 28
VALIDATION = 10000  # the last images of the training set, held out by --validate


class AugmentedLoader:
    """Shuffled training batches, each image cropped at a random place of its `pad`-padded copy and
    mirrored left to right with probability 1/2 (`flip`)."""

    def __init__(self, images, labels, batch_size, pad=0, flip=False):
        self.labels, self.batch_size, self.pad, self.flip = labels, batch_size, pad, flip
        images = images.reshape(len(images), SIDE, SIDE)  # read_fashion_mnist's (n, 28, 28, 1)
        padded = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))
        self.crops = sliding_window_view(padded, (SIDE, SIDE), axis=(1, 2))  # (n, 2p+1, 2p+1, 28, 28)

    def __len__(self):
        return (len(self.labels) + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        from mxnet import nd
        for X, y in self.arrays():
            yield nd.array(X[:, None], dtype='float32') / 255, nd.array(y, dtype='int32')

    def arrays(self):
        """The shuffled, augmented batches as numpy: (uint8 images (batch, 28, 28), labels)."""
        order = np.random.permutation(len(self.labels))
        places = 2 * self.pad + 1
        for start in range(0, len(order), self.batch_size):
            index = order[start:start + self.batch_size]
            rows, cols = np.random.randint(places, size=(2, len(index)))
            X = self.crops[index, rows, cols]  # a copy: (batch, 28, 28)
            if self.flip:
                mirror = np.random.rand(len(index)) < 0.5
                X[mirror] = X[mirror, :, ::-1]
            yield X, self.labels[index]


def speedrun_loaders(batch_size, pad, flip, *, validate=False, root=None, num_train=None, num_test=None):
    """(training batches, held-out batches, what is held out): the test set, or with `validate` the
    last VALIDATION training images (then the test set is not read at all). `num_train` / `num_test`
    keep the first images only (a quick run)."""
    from chapter5.engine.loader import InMemoryLoader
    images, labels = read_fashion_mnist(root, True)
    if validate:
        (images, labels), held = (images[:-VALIDATION], labels[:-VALIDATION]), \
            (images[-VALIDATION:], labels[-VALIDATION:])
    else:
        held = read_fashion_mnist(root, False)
    held_images, held_labels = held[0][:num_test], held[1][:num_test]
    train = AugmentedLoader(images[:num_train], labels[:num_train], batch_size, pad, flip)
    return train, InMemoryLoader(held_images, held_labels, 1024, shuffle=False), \
        'validation' if validate else 'test'
