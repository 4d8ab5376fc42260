"""chapter5.engine.loader: in-memory batches equal the book's loader; a worker's shard is its part of every
global batch."""

import numpy as np
import pytest

from chapter5.data import read_fashion_mnist
from chapter5.engine.loader import InMemoryLoader, book_loaders, fast_loaders
from chapter5.engine.seeds import seed_everything


def test_in_memory_batches_equal_the_books_loader():
    book_train, book_test = book_loaders(64, resize=40, num_train=256, num_test=256)
    fast_train, fast_test = fast_loaders(64, resize=40, num_train=256, num_test=256)
    X, y = next(iter(book_test))
    fast_X, fast_y = next(iter(fast_test))
    assert fast_X.shape == (256, 1, 40, 40) and fast_X.dtype == np.float32  # larger test batches
    np.testing.assert_array_equal(fast_X[:64].asnumpy(), X.asnumpy())
    np.testing.assert_array_equal(fast_y[:64].asnumpy(), y.asnumpy())
    labels = read_fashion_mnist()[1][:256].tolist()
    for loader in (fast_train, book_train):
        assert len(loader) == 4 and sorted(np.concatenate([b[1].asnumpy() for b in loader]).tolist()) == \
            sorted(labels)


def test_resize_per_batch_equals_resize_once(monkeypatch):
    images, labels = read_fashion_mnist(train=False)
    once = InMemoryLoader(images[:100], labels[:100], 50, shuffle=False, resize=33)
    monkeypatch.setattr(InMemoryLoader, 'RESIZE_ONCE_BYTES', 0)
    per_batch = InMemoryLoader(images[:100], labels[:100], 50, shuffle=False, resize=33)
    for (a, _), (b, _) in zip(once, per_batch):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def test_a_shard_is_its_part_of_every_global_batch():
    seed_everything(3)
    whole = [y.asnumpy() for _, y in fast_loaders(256, num_train=1000)[0]]
    parts = []
    for rank in range(3):
        seed_everything(3)
        parts.append([y.asnumpy() for _, y in fast_loaders(256, num_train=1000, shard=(rank, 3))[0]])
    for i, batch in enumerate(whole):  # the same order, split in three disjoint parts
        assert np.array_equal(np.concatenate([p[i] for p in parts]), batch)
    with pytest.raises(ValueError, match='the last batch has 2 examples, fewer than the 3 workers'):
        fast_loaders(256, num_train=514, shard=(0, 3))
