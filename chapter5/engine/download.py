"""Fashion-MNIST from the dataset's own public location, only when asked (`chapter5 data --download`).

Debian's dataset-fashion-mnist stays the first choice (`apt-get install dataset-fashion-mnist`); this
is for where it is absent (Colab, a Mac's container, a machine without root). Each of the four files
is fetched with a time-out, read only up to a bound, checked by the sha256 of its decompressed bytes
(the IDX data Debian packages: its gzip files are compressed anew, so their own bytes differ from the
original's while the data is the same), then written whole (a temporary file of a random name,
flushed, renamed): an interrupted download leaves no half file. A failed attempt is one line and is
tried again; a file already there and whole is not fetched again.
"""
import hashlib
import os
import socket
import urllib.error
import urllib.request
import zlib

from chapter5.data import BOOK_ROOT, DataError
from chapter5.engine.files import write_bytes

SOURCE = 'https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/'
# name -> (sha256 of the decompressed bytes, their size), from Debian's dataset-fashion-mnist
CONTENT = {
    'train-images-idx3-ubyte.gz':
        ('c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888', 47040016),
    'train-labels-idx1-ubyte.gz':
        ('bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9', 60008),
    't10k-images-idx3-ubyte.gz':
        ('5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b', 7840016),
    't10k-labels-idx1-ubyte.gz':
        ('0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34', 10008),
}
ATTEMPTS = 3
TIMEOUT = 30  # seconds without a byte before an attempt is given up


class DownloadError(DataError):
    """One attempt, or the whole download, failed; the message says which file and why."""


def content_ok(name, data):
    """Whether gzip'd `data` decompresses to exactly the known bytes of `name` (bounded: no bomb)."""
    digest, size = CONTENT[name]
    try:
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        raw = unzip.decompress(data, size + 1)
    except zlib.error:
        return False
    return len(raw) == size and unzip.eof and hashlib.sha256(raw).hexdigest() == digest


def fetch(url, timeout, limit):
    """The bytes at `url`, at most `limit` of them; DownloadError on any failure, with its reason."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as e:
        raise DownloadError('%s: the server answered %d %s' % (url, e.code, e.reason)) from None
    except (urllib.error.URLError, socket.timeout, OSError) as e:
        reason = getattr(e, 'reason', e)
        raise DownloadError('%s: %s' % (url, reason)) from None
    if len(data) > limit:
        raise DownloadError('%s: more than %d bytes, not Fashion-MNIST\'s file' % (url, limit))
    return data


def fetch_checked(name, base, timeout):
    """One file's bytes, fetched once and checked; DownloadError when wrong or cut."""
    url = base + name
    data = fetch(url, timeout, CONTENT[name][1] + (1 << 20))
    if not content_ok(name, data):
        raise DownloadError('%s: %d bytes that are not Fashion-MNIST\'s %s (cut short, or another file)'
                            % (url, len(data), name))
    return data


def download_one(name, root, base, timeout, attempts, say):
    """Fetch `name` into `root`, trying `attempts` times; say one line per failed attempt."""
    for attempt in range(1, attempts + 1):
        try:
            data = fetch_checked(name, base, timeout)
        except DownloadError as e:
            say('下载失败 (download failed), attempt %d of %d: %s' % (attempt, attempts, e))
            if attempt == attempts:
                raise DownloadError('Fashion-MNIST: %s could not be downloaded (%d attempts; last: %s). '
                                    'Try again later, or install Debian\'s dataset-fashion-mnist'
                                    % (name, attempts, e)) from None
            continue
        write_bytes(os.path.join(root, name), data)
        return


def already_whole(path, name):
    if not os.path.isfile(path):
        return False
    with open(path, 'rb') as f:
        return content_ok(name, f.read(CONTENT[name][1] + (1 << 20)))


def download(root=None, base=SOURCE, timeout=TIMEOUT, attempts=ATTEMPTS, say=print):
    """Put the four files in `root` (default: the book's ~/.mxnet/datasets/fashion-mnist); the folder."""
    root = os.path.expanduser(root or BOOK_ROOT)
    os.makedirs(root, exist_ok=True)
    for name in CONTENT:
        if already_whole(os.path.join(root, name), name):
            continue
        say('downloading %s%s ...' % (base, name))
        download_one(name, root, base, timeout, attempts, say)
    return root
