"""Fashion-MNIST, offline: find the four IDX files, check them by content, read them.

The book's `gdata.vision.FashionMNIST` checks its files by sha1 and downloads
them when the check fails; Debian's `dataset-fashion-mnist` ships the same data
re-compressed (other sha1), so here the files are checked by what they hold:
a readable gzip, the IDX magic number, 60000/10000 images of 28x28, labels 0-9.
Nothing is ever downloaded.
"""
import functools
import gzip
import os
import struct
import zlib

import numpy as np

BOOK_ROOT = os.path.join('~', '.mxnet', 'datasets', 'fashion-mnist')
DEBIAN_ROOT = '/usr/share/datasets/fashion-mnist'
DEFAULT_ROOTS = (BOOK_ROOT, DEBIAN_ROOT)

# split -> (images file, labels file, number of examples)
FILES = {
    'train': ('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 60000),
    'test': ('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 10000),
}
IMAGE_MAGIC, LABEL_MAGIC = 2051, 2049  # IDX: unsigned bytes, 3 and 1 dimensions
HOW_TO_GET = ('To get the data: `sudo apt-get install dataset-fashion-mnist` '
              '(installs it in %s), or put the four files of Fashion-MNIST '
              'in %s.' % (DEBIAN_ROOT, BOOK_ROOT))


class DataError(OSError):
    """Fashion-MNIST is missing or damaged; the message says where and what to do."""


def _has_all_files(root):
    return all(os.path.isfile(os.path.join(root, name))
               for images, labels, _ in FILES.values() for name in (images, labels))


def find_root(root=None):
    """The folder that holds the data: `root` if given, else the book's, else Debian's.

    The book's folder given explicitly (the default of the book's
    `load_data_fashion_mnist`) counts as not given: Debian's is looked in too.
    """
    candidates = DEFAULT_ROOTS
    if root is not None and os.path.expanduser(root) != os.path.expanduser(BOOK_ROOT):
        candidates = [root]
    candidates = [os.path.expanduser(c) for c in candidates]
    for candidate in candidates:
        if _has_all_files(candidate):
            return candidate
    names = sorted(name for images, labels, _ in FILES.values() for name in (images, labels))
    missing = []
    for candidate in candidates:
        absent = [n for n in names if not os.path.isfile(os.path.join(candidate, n))]
        missing.append('  %s: missing %s' % (candidate, ', '.join(absent)))
    raise DataError('Fashion-MNIST not found. Looked in:\n%s\n%s'
                    % ('\n'.join(missing), HOW_TO_GET))


def _read_idx(path, magic, count, item_shape):
    """Read one gzip'd IDX file into a uint8 array of shape (count,) + item_shape."""
    def damaged(what):
        return DataError('damaged Fashion-MNIST file %s: %s. Reinstall it (%s)'
                         % (path, what, HOW_TO_GET))
    try:
        with gzip.open(path, 'rb') as f:
            raw = f.read()
    except (OSError, EOFError, zlib.error) as e:
        raise damaged('not a readable gzip file (%s)' % e) from None
    header = 4 * (2 + len(item_shape))  # magic, count, then one size per dimension
    if len(raw) < header:
        raise damaged('only %d bytes after decompression' % len(raw))
    fields = struct.unpack('>%dI' % (header // 4), raw[:header])
    if fields[0] != magic:
        raise damaged('IDX magic number %d, expected %d' % (fields[0], magic))
    if fields[1] != count or tuple(fields[2:]) != item_shape:
        raise damaged('holds %s items of shape %s, expected %d of shape %s'
                      % (fields[1], tuple(fields[2:]), count, item_shape))
    size = count * int(np.prod(item_shape, dtype=np.int64))
    if len(raw) - header != size:
        raise damaged('%d data bytes, expected %d (truncated?)' % (len(raw) - header, size))
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape((count,) + item_shape)


@functools.lru_cache(maxsize=4)
def _read_split(root, split, stamp):
    images_name, labels_name, count = FILES[split]
    images = _read_idx(os.path.join(root, images_name), IMAGE_MAGIC, count, (28, 28))
    labels = _read_idx(os.path.join(root, labels_name), LABEL_MAGIC, count, ())
    if labels.max() > 9:
        raise DataError('damaged Fashion-MNIST file %s: label %d outside 0-9. %s'
                        % (os.path.join(root, labels_name), labels.max(), HOW_TO_GET))
    # (N, 28, 28, 1) uint8 images and int32 labels, as gluon's FashionMNIST holds them
    return images.reshape(count, 28, 28, 1), labels.astype(np.int32)


def read_fashion_mnist(root=None, train=True):
    """(images, labels) of one split as numpy arrays: uint8 (N, 28, 28, 1), int32 (N,)."""
    root = find_root(root)
    split = 'train' if train else 'test'
    # the cache is keyed by the files' size and time, so a replaced file is read again
    stamps = [os.stat(os.path.join(root, name)) for name in FILES[split][:2]]
    stamp = tuple((st.st_size, st.st_mtime_ns) for st in stamps)
    images, labels = _read_split(root, split, stamp)
    return images, labels
