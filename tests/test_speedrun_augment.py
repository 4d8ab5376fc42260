"""chapter5.speedrun.augment: every augmented image is a shifted (and maybe mirrored) copy of its
own image, and --validate holds out the last 10,000 training images without reading the test set."""
import numpy as np
import pytest

from chapter5.data import read_fashion_mnist
from chapter5.speedrun import augment
from chapter5.speedrun.augment import AugmentedLoader, speedrun_loaders


@pytest.fixture(scope='module')
def train():
    images, labels = read_fashion_mnist(train=True)
    return images[:300], labels[:300]


def matches(image, original, pad):
    """Whether `image` is `original` padded by `pad`, cropped somewhere, perhaps mirrored: (dy, dx, flip)."""
    padded = np.pad(original.reshape(28, 28), pad)
    for dy in range(2 * pad + 1):
        for dx in range(2 * pad + 1):
            crop = padded[dy:dy + 28, dx:dx + 28]
            for flip in (False, True):
                if np.array_equal(image, crop[:, ::-1] if flip else crop):
                    return dy, dx, flip
    return None


def test_without_augmentation_the_batches_are_the_images_shuffled(train):
    images, labels = train
    np.random.seed(0)
    batches = list(AugmentedLoader(images, labels, 128, pad=0, flip=False).arrays())
    assert [len(y) for _, y in batches] == [128, 128, 44]
    X = np.concatenate([x for x, _ in batches])
    y = np.concatenate([y for _, y in batches])
    order = np.lexsort(X.reshape(len(X), -1).T)
    expected = np.lexsort(images.reshape(len(images), -1).T)
    assert np.array_equal(X[order], images.reshape(-1, 28, 28)[expected])
    assert np.array_equal(y[order], labels[expected])


def test_every_image_is_a_crop_of_its_own_padded_image_mirrored_about_half_the_time(train):
    images, labels = train
    np.random.seed(1)
    loader = AugmentedLoader(images, labels, 300, pad=2, flip=True)
    found = []
    for X, y in loader.arrays():  # one batch; find each image's original by its label and pixels
        for image, label in zip(X, y):
            hits = [matches(image, images[i], 2) for i in np.flatnonzero(labels == label)]
            hits = [h for h in hits if h]
            assert hits, 'an augmented image is no crop of any image of its class'
            found.append(hits[0])
    shifts = {(dy, dx) for dy, dx, _ in found}
    flips = sum(f for _, _, f in found) / len(found)
    assert len(shifts) > 15 and 0.35 < flips < 0.65, (len(shifts), flips)


def test_the_nd_batches_are_floats_in_0_1_shaped_for_the_network(train):
    X, y = next(iter(AugmentedLoader(*train, 64, pad=2, flip=True)))
    assert X.shape == (64, 1, 28, 28) and X.dtype == np.float32 and y.dtype == np.int32
    assert 0 <= X.min().asscalar() and X.max().asscalar() <= 1


def test_validate_holds_out_the_last_training_images_and_never_reads_the_test_set(monkeypatch):
    read = []

    def spy(root=None, train=True):
        read.append(train)
        return read_fashion_mnist(root, train)
    monkeypatch.setattr(augment, 'read_fashion_mnist', spy)
    train_iter, held_iter, held_out = speedrun_loaders(128, 2, True, validate=True)
    assert read == [True] and held_out == 'validation'
    assert len(train_iter.labels) == 50000 and sum(len(y) for _, y in held_iter) == 10000
    _, all_labels = read_fashion_mnist(train=True)
    assert np.array_equal(np.concatenate([y.asnumpy() for _, y in held_iter]), all_labels[-10000:])
    read.clear()
    assert speedrun_loaders(128, 2, True)[2] == 'test' and read == [True, False]
