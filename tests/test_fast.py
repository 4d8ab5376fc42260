"""The fast path: the book's printout, the same start, the same learning, NaN stops it."""
import json

import mxnet as mx
import numpy as np
import pytest
from conftest import EPOCH_LINE, run_module
from mxnet import autograd, init, nd

from chapter5 import MODELS
from chapter5.data import read_fashion_mnist
from chapter5.utils import InMemoryLoader, hybrid_twin, load_data_fashion_mnist, train_ch5, train_recipe


def test_in_memory_batches_equal_the_books_loader():
    book_train, book_test = load_data_fashion_mnist(64, resize=40, num_train=256, num_test=256)
    fast_train, fast_test = load_data_fashion_mnist(64, resize=40, num_train=256, num_test=256,
                                                    fast=True)
    X, y = next(iter(book_test))
    fast_X, fast_y = next(iter(fast_test))
    assert fast_X.shape == (256, 1, 40, 40) and fast_X.dtype == np.float32  # larger test batches
    np.testing.assert_array_equal(fast_X[:64].asnumpy(), X.asnumpy())
    np.testing.assert_array_equal(fast_y[:64].asnumpy(), y.asnumpy())
    assert len(fast_train) == 4 and sorted(np.concatenate(
        [b[1].asnumpy() for b in fast_train]).tolist()) == sorted(read_fashion_mnist()[1][:256].tolist())


def test_resize_per_batch_equals_resize_once(monkeypatch):
    images, labels = read_fashion_mnist(train=False)
    once = InMemoryLoader(images[:100], labels[:100], 50, shuffle=False, resize=33)
    monkeypatch.setattr(InMemoryLoader, 'RESIZE_ONCE_BYTES', 0)
    per_batch = InMemoryLoader(images[:100], labels[:100], 50, shuffle=False, resize=33)
    for (a, _), (b, _) in zip(once, per_batch):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


@pytest.mark.parametrize('name', list(MODELS))
def test_hybrid_twin_shares_parameters_and_outputs(name):
    size = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32, 'densenet': 48}.get(name, 28)
    mx.random.seed(1)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    X = nd.random.uniform(shape=(4, 1, size, size))
    expected = net(X)
    twin = hybrid_twin(net)
    twin.hybridize()
    assert set(twin.collect_params().values()) == set(net.collect_params().values())
    np.testing.assert_allclose(twin(X).asnumpy(), expected.asnumpy(), rtol=1e-4, atol=1e-5)
    # whole networks become one graph where every block can be hybridized
    if name in ('lenet', 'alexnet', 'vgg11', 'nin', 'googlenet', 'lenet_bn', 'resnet18'):
        assert isinstance(twin, mx.gluon.nn.HybridSequential)
    with autograd.record():
        twin(X).sum().backward()


def test_same_seed_same_start():
    """The fast path draws the initial parameters exactly as the book's path does."""
    starts = []
    for fast in (False, True):
        mx.random.seed(7)
        net = MODELS['resnet18']()
        net.initialize(init.Xavier())
        (hybrid_twin(net) if fast else net)(nd.ones((1, 1, 32, 32)))  # deferred init draws here
        starts.append({k[len(net.prefix):]: v.data().asnumpy() for k, v in net.collect_params().items()})
    assert starts[0].keys() == starts[1].keys()
    for key in starts[0]:
        np.testing.assert_array_equal(starts[0][key], starts[1][key], err_msg=key)


def test_lenet_recipe_fast_lands_with_the_books_path(capsys, tmp_path):
    """The book's LeNet recipe from one seed: the book's path in-process, then the fast path
    through `chapter5 reproduce lenet`, which must also pass the book's band (0.754 - 0.02)."""
    mx.random.seed(0)
    np.random.seed(0)
    history = train_recipe('lenet')
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == 'training on cpu(0)'
    assert [EPOCH_LINE.fullmatch(line).group(1) for line in lines[1:]] == list('12345')
    # --resume on an empty folder: reproduce starts a model without a checkpoint afresh
    code, out, err = run_module('chapter5', 'reproduce', 'lenet', '--seed', '0', '--out', str(tmp_path),
                                '--resume')
    assert code == 0, out + err
    (row,) = json.loads((tmp_path / 'results.json').read_text())
    assert row['model'] == 'lenet' and row['fast'] and row['epochs'] == 5 and row['passed'], row
    assert '| lenet | book | 28 | 5 |' in out and '| pass |' in out and out.rstrip().endswith('| - |')
    assert abs(history[-1].test_acc - row['test_acc']) <= 0.02, (history[-1], row)


@pytest.mark.parametrize('name', [n for n in MODELS if n != 'lenet'])
def test_every_model_learns_through_the_fast_path(name, capsys):
    """Two short epochs on real data: the training loss falls."""
    size = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32, 'googlenet': 48,
            'resnet18': 48, 'densenet': 48}.get(name, 0)
    mx.random.seed(0)
    np.random.seed(0)
    history = train_recipe(name, fast=True, num_epochs=2, batch_size=32, resize=size,
                           num_train=32 * 12, num_test=100)
    assert all(EPOCH_LINE.fullmatch(line) for line in capsys.readouterr().out.splitlines()[1:])
    assert history[1].loss < history[0].loss, history


def test_nan_stops_the_fast_path_within_its_epoch():
    mx.random.seed(0)
    np.random.seed(0)
    net = MODELS['alexnet']()
    net.initialize(init.Xavier())
    trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 100})
    train_iter, test_iter = load_data_fashion_mnist(64, resize=96, num_train=64 * 30, num_test=64,
                                                    fast=True)
    from chapter5.utils import TrainingDiverged
    with pytest.raises(TrainingDiverged, match=r'became (nan|inf) in epoch 1 after \d+ examples.*lower one'):
        train_ch5(net, train_iter, test_iter, 64, trainer, mx.cpu(), 3, fast=True)


def test_cli_fast_option():
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--fast', '--epochs', '1')
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == 'training on cpu(0)' and EPOCH_LINE.fullmatch(lines[1])
    assert float(EPOCH_LINE.fullmatch(lines[1]).group(4)) > 0.7
