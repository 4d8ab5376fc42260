"""The offline Fashion-MNIST loader on the real data, on damaged files and on an empty root."""
import gzip
import math
import os
import shutil

import numpy as np
import pytest

from chapter5.data import DEBIAN_ROOT, FILES, DataError, find_root, read_fashion_mnist
from chapter5.utils import FashionMNIST, load_data_fashion_mnist

REAL_ROOT = find_root()


def test_real_data_counts_shapes_and_labels():
    for train, count in [(True, 60000), (False, 10000)]:
        images, labels = read_fashion_mnist(train=train)
        assert images.shape == (count, 28, 28, 1) and images.dtype == np.uint8
        assert labels.shape == (count,) and labels.dtype == np.int32
        # Fashion-MNIST is balanced: every class has a tenth of the examples
        assert np.bincount(labels).tolist() == [count // 10] * 10
        assert images.min() == 0 and images.max() == 255


def test_dataset_items_are_as_gluons_fashion_mnist():
    dataset = FashionMNIST(train=False)
    assert len(dataset) == 10000
    image, label = dataset[0]
    assert image.shape == (28, 28, 1) and image.dtype == np.uint8
    assert isinstance(label, np.int32) and label == 9  # the first test image is an ankle boot


def test_loader_batches_and_range():
    train_iter, test_iter = load_data_fashion_mnist(256)
    assert len(train_iter) == math.ceil(60000 / 256)
    n = 0
    for X, y in test_iter:
        assert X.shape[1:] == (1, 28, 28) and X.dtype == np.float32
        assert 0 <= X.min().asscalar() and X.max().asscalar() <= 1
        assert y.dtype == np.int32
        n += y.size
    assert n == 10000
    first = [next(iter(train_iter))[1].asnumpy() for _ in range(2)]
    assert not np.array_equal(*first), 'the training set must be shuffled'


def test_loader_resize():
    _, test_iter = load_data_fashion_mnist(64, resize=96)
    X, y = next(iter(test_iter))
    assert X.shape == (64, 1, 96, 96) and y.shape == (64,)
    assert 0 <= X.min().asscalar() and X.max().asscalar() <= 1


def make_root(tmp_path, damage=None):
    """A copy of the real data in tmp_path, with `damage(path)` applied to the training images."""
    root = tmp_path / 'fashion-mnist'
    root.mkdir()
    for images, labels, _ in FILES.values():
        for name in (images, labels):
            shutil.copy(os.path.join(REAL_ROOT, name), root / name)
    if damage:
        damage(root / FILES['train'][0])
    return str(root)


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def not_gzip(path):
    path.write_bytes(b'this is not a gzip file')


def wrong_magic(path):
    with gzip.open(path, 'rb') as f:
        raw = bytearray(f.read())
    raw[3] = 1
    with gzip.open(path, 'wb', compresslevel=1) as f:  # level 9 takes seconds for 47 MB
        f.write(bytes(raw))


def short_data(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    with gzip.open(path, 'wb', compresslevel=1) as f:  # level 9 takes seconds for 47 MB
        f.write(raw[:-28 * 28])


@pytest.mark.parametrize('damage, words', [
    (truncate, 'not a readable gzip file'),
    (not_gzip, 'not a readable gzip file'),
    (wrong_magic, 'IDX magic number 2049, expected 2051'),
    (short_data, 'data bytes, expected 47040000'),
])
def test_damaged_file_is_named_with_the_fix(tmp_path, damage, words):
    root = make_root(tmp_path, damage)
    with pytest.raises(DataError, match=words) as info:
        load_data_fashion_mnist(256, root=root)
    message = str(info.value)
    assert os.path.join(root, FILES['train'][0]) in message
    assert 'apt-get install dataset-fashion-mnist' in message


def test_bad_label_is_refused(tmp_path):
    def bad_label(path):
        labels = path.parent / FILES['train'][1]
        with gzip.open(labels, 'rb') as f:
            raw = bytearray(f.read())
        raw[8] = 12
        with gzip.open(labels, 'wb', compresslevel=1) as f:
            f.write(bytes(raw))
    root = make_root(tmp_path, bad_label)
    with pytest.raises(DataError, match='label 12 outside 0-9'):
        read_fashion_mnist(root)


def test_empty_root_says_where_it_looked_and_what_to_do(tmp_path):
    with pytest.raises(DataError) as info:
        load_data_fashion_mnist(256, root=str(tmp_path))
    message = str(info.value)
    assert 'not found' in message and str(tmp_path) in message
    assert 'train-images-idx3-ubyte.gz' in message
    assert 'apt-get install dataset-fashion-mnist' in message
    assert DEBIAN_ROOT not in message.split('Looked in:')[1].split('To get')[0], \
        'a given root is the only place looked'


def test_explicit_root_and_tilde(tmp_path, monkeypatch):
    root = make_root(tmp_path)
    assert find_root(root) == root
    monkeypatch.setenv('HOME', str(tmp_path))
    assert find_root('~/fashion-mnist') == root
    # the book's folder given explicitly (load_data_fashion_mnist's default) looks in Debian's too
    assert find_root(os.path.join('~', '.mxnet', 'datasets', 'fashion-mnist')) == DEBIAN_ROOT
    # with no root, the book's ~/.mxnet/datasets/fashion-mnist comes first
    book = tmp_path / '.mxnet' / 'datasets'
    book.mkdir(parents=True)
    os.symlink(root, book / 'fashion-mnist')
    assert find_root() == str(book / 'fashion-mnist')


def test_the_books_signature_and_default_root():
    import inspect
    parameters = inspect.signature(load_data_fashion_mnist).parameters
    assert list(parameters) == ['batch_size', 'resize', 'root']
    assert parameters['root'].default == os.path.join('~', '.mxnet', 'datasets', 'fashion-mnist')
