"""Use a trained network: load a run's last whole checkpoint, classify pictures, draw the book's figure.

`chapter5 predict RUN_DIR IMAGE ...` prints the three likeliest Fashion-MNIST classes of each
picture; `chapter5 predict RUN_DIR --grid FILE.png` draws the first test images with their true
and predicted labels, as the book's 3.6 figure does. A picture becomes the network's input as the
book's data did: grey, 28x28 (Fashion-MNIST's size), then the recipe's `resize` with the same
bilinear kernel (`Resize`), scaled to [0, 1] (`ToTensor`); Fashion-MNIST shows light garments on
black, so a picture on a light background is inverted first (`invert='auto'`).
"""
import os

import numpy as np

from chapter5.engine.checkpoints import checked_folder, load_checkpoint, read_json
from chapter5.engine.errors import EngineError

# the book's text labels (d2lzh.get_fashion_mnist_labels, 3.5), by class index
TEXT_LABELS = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat',
               'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']


def get_fashion_mnist_labels(labels):
    """The book's text labels of class indices (3.5's function, as d2lzh has it)."""
    return [TEXT_LABELS[int(i)] for i in labels]


class RunError(EngineError, ValueError):
    """A folder that holds no usable run, or a picture that cannot be read."""


def find_run(run_dir):
    """The run folder under `run_dir`: itself when it holds checkpoint.json, else its one subfolder
    that does (`chapter5 train MODEL --out DIR` writes DIR/MODEL/)."""
    if not os.path.isdir(run_dir):
        raise RunError('%s is not a folder: give the --out folder of a run (chapter5 train MODEL --out DIR)'
                       % run_dir)
    if os.path.exists(os.path.join(run_dir, 'checkpoint.json')):
        return run_dir
    runs = sorted(name for name in os.listdir(run_dir)
                  if os.path.exists(os.path.join(run_dir, name, 'checkpoint.json')))
    if len(runs) == 1:
        return os.path.join(run_dir, runs[0])
    if not runs:
        raise RunError('%s holds no checkpoint (checkpoint.json): train one with '
                       '`chapter5 train MODEL --out %s`' % (run_dir, run_dir))
    raise RunError('%s holds several runs (%s): name one, e.g. %s'
                   % (run_dir, ', '.join(runs), os.path.join(run_dir, runs[0])))


def load_run(run_dir, ctx=None):
    """(network, recipe) of the last whole checkpoint of the run in `run_dir`: the book's network
    with the checkpoint's parameters (and a from-scratch BatchNorm's moving statistics)."""
    from chapter5 import get_model
    from chapter5.utils import try_gpu
    folder = find_run(run_dir)
    # resuming a damaged checkpoint would meet the same damage: the fix is to train it again
    fix = 'train it again with --overwrite'
    pointer = read_json(os.path.join(folder, 'checkpoint.json'), fix)
    epoch_folder, meta = checked_folder(folder, pointer, fix)
    recipe = meta['recipe']
    ctx = ctx or try_gpu()
    net = get_model(recipe['model'])()
    load_checkpoint(epoch_folder, meta, net, ctx)
    return net, recipe


def to_input(images, resize=None):
    """uint8 pictures (N, 28, 28, 1) -> the network's float32 input (N, 1, h, w), as the book's
    Resize and ToTensor make it (the engine's loaders do the same)."""
    from mxnet import nd
    X = nd.array(images, dtype='uint8')
    if resize:
        X = nd.image.resize(X, size=resize)
    return nd.image.to_tensor(X)


def read_picture(path, invert='auto'):
    """A picture file (PNG, JPEG, ...: any size, colour or grey) as Fashion-MNIST's uint8 (28, 28, 1),
    and how it was converted (a sentence). `invert`: 'auto' (when the border is light), 'yes', 'no'."""
    import cv2
    if not os.path.isfile(path):
        raise RunError('%s: no such file' % path)
    raw = np.fromfile(path, dtype=np.uint8)
    colour = cv2.imdecode(raw, cv2.IMREAD_UNCHANGED) if raw.size else None
    if colour is None:
        raise RunError('%s: not a picture OpenCV can read (PNG, JPEG, BMP, ...)' % path)
    h, w = colour.shape[:2]
    if colour.dtype != np.uint8:  # 16-bit PNGs: keep the top 8 bits
        colour = (colour >> 8).astype(np.uint8) if colour.dtype == np.uint16 else colour.astype(np.uint8)
    if colour.ndim == 3 and colour.shape[2] == 4:  # transparent parts become the background (black)
        alpha = colour[:, :, 3:4].astype(np.float32) / 255
        colour = (colour[:, :, :3] * alpha).astype(np.uint8)
    grey = colour if colour.ndim == 2 else cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
    was = 'grey' if colour.ndim == 2 else 'colour -> grey'
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    flip = invert == 'yes' or (invert == 'auto' and border.mean() > 127)
    if flip:
        grey = 255 - grey
    small = cv2.resize(grey, (28, 28), interpolation=cv2.INTER_AREA)
    how = '%dx%d %s%s, 28x28' % (w, h, was, ', inverted (light background)' if flip and invert == 'auto'
                                  else ', inverted' if flip else '')
    return small.reshape(28, 28, 1), how


def probabilities(net, X):
    """Softmax of the network's logits for input X: numpy (N, 10)."""
    from mxnet import autograd, nd
    with autograd.predict_mode():
        return nd.softmax(net(X)).asnumpy()


def classify(run_dir, paths, invert='auto', top=3):
    """For each picture: (path, conversion sentence, [(label, probability)] * top)."""
    net, recipe = load_run(run_dir)
    pictures = [read_picture(path, invert) for path in paths]
    from chapter5.utils import try_gpu
    X = to_input(np.stack([p for p, _ in pictures]), recipe['resize']).as_in_context(try_gpu())
    found = []
    for path, (_, how), p in zip(paths, pictures, probabilities(net, X)):
        order = np.argsort(-p)[:top]
        if recipe['resize']:
            how += ', then %dx%d as the recipe' % (recipe['resize'], recipe['resize'])
        found.append((path, how, [(TEXT_LABELS[i], float(p[i])) for i in order]))
    return found


def grid(run_dir, out, n=16, root=None, columns=8):
    """Draw the first `n` test images with true and predicted labels (wrong ones in red, marked x)
    into `out` (PNG, written whole); returns (right, n)."""
    from chapter5.data import read_fashion_mnist
    from chapter5.engine.files import save_whole
    from chapter5.utils import try_gpu
    if not 1 <= n <= 10000:
        raise RunError('--n %d: draw between 1 and 10000 test images' % n)
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise RunError('cannot write %s: %s %s; name a file in an existing folder'
                       % (out, folder, 'is a file' if os.path.exists(folder) else 'does not exist'))
    net, recipe = load_run(run_dir)
    images, labels = read_fashion_mnist(root, train=False)
    images, labels = images[:n], labels[:n]
    predicted = probabilities(net, to_input(images, recipe['resize']).as_in_context(try_gpu())).argmax(axis=1)
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    rows, columns = (n + columns - 1) // columns, min(n, columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.5 * columns, 2.2 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis('off')
    for ax, image, true, guess in zip(axes.ravel(), images, labels, predicted):
        ax.imshow(image.reshape(28, 28), cmap='gray')
        wrong = true != guess
        ax.set_title('%s\n%s%s' % (TEXT_LABELS[true], 'x ' if wrong else '', TEXT_LABELS[guess]),
                     fontsize=8, color='red' if wrong else 'black')
    fig.suptitle('%s: true (top), predicted (below); wrong in red' % recipe['model'], fontsize=9)
    fig.tight_layout()
    try:
        save_whole(out, lambda tmp: fig.savefig(tmp, format='png', dpi=80))
    except OSError as e:  # a folder that takes no files (/proc), a full disk: no half-written picture
        raise RunError('cannot write %s: %s' % (out, e.strerror or e)) from None
    finally:
        plt.close(fig)
    return int((predicted == labels).sum()), n
