import os
import re
import subprocess
import sys

import mxnet as mx
import numpy as np
import onnxruntime as ort  # the `export` extra, which `make test` installs
import pytest
from mxnet import autograd, nd

from chapter5.data import read_fashion_mnist
from chapter5.engine import predict
from chapter5.engine.threads import THREAD_SETTINGS

# the book's epoch line, as train_ch5 prints it
EPOCH_LINE = re.compile(r'epoch (\d), loss (\d+\.\d{4}), train acc (0\.\d{3}), test acc (0\.\d{3}), '
                        r'time \d+\.\d sec')


@pytest.fixture
def fresh_names():
    """Gluon's layer-name counters as in a fresh process (conv0, pool0, ...)."""
    with mx.name.NameManager():
        yield


def without_thread_settings(**extra):
    """This process's environment without the variables that fix MXNet's thread count, plus `extra`.

    `make test` sets OMP_NUM_THREADS=1 for its workers; a child without it gets what a
    user's process gets (chapter5.engine.threads).
    """
    environ = {k: v for k, v in os.environ.items() if k not in THREAD_SETTINGS}
    environ.update(extra)
    return environ


def run_module(module, *args):
    """Run `python -m <module> args` in a fresh process; (returncode, stdout, stderr)."""
    proc = subprocess.run([sys.executable, '-m', module, *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def run_benchmark(script, *args, timeout=300):
    """Run `python benchmarks/<script> args` from the project's root in a fresh process (the
    benchmarks are scripts, not a package); its CompletedProcess, output as text."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return subprocess.run([sys.executable, os.path.join(root, 'benchmarks', script), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=root)


def assert_prints_the_documented_tables(section_id):
    """The same checks as `chapter5 verify`, on the section's main() called in this process (layer
    names counted afresh by its NameManager, whatever ran before)."""
    import contextlib
    import io

    from chapter5 import section_module
    from chapter5.verify import check_output
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        section_module(section_id).main()
    results = check_output(section_id, out.getvalue())
    assert [what for what, _, _, ok in results if not ok] == []


# the recipes' input sizes, and smaller ones for the big networks, so that a few steps take seconds
INPUT_SIZE = {'lenet': 28, 'lenet_bn_scratch': 28, 'lenet_bn': 28, 'alexnet': 224, 'vgg11': 224,
              'vgg11_small': 224, 'nin': 224, 'googlenet': 96, 'resnet18': 96, 'densenet': 96}
TRAIN_SIZE = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32,
              'googlenet': 48, 'resnet18': 48, 'densenet': 48}


def assert_forward_at_the_book_input_size(name):
    from mxnet import init, nd

    from chapter5 import MODELS, get_model
    size = INPUT_SIZE[name]
    assert get_model(name).recipe.resize in (size, None)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    assert net(nd.random.uniform(shape=(2, 1, size, size))).shape == (2, 10)


@pytest.fixture(scope='session')
def real_batch():
    """The first 32 real training images and their labels."""
    from mxnet import nd

    from chapter5.data import read_fashion_mnist
    images, labels = read_fashion_mnist(train=True)
    X = nd.array(images[:32]).transpose((0, 3, 1, 2)).astype('float32') / 255
    return X, nd.array(labels[:32])


def assert_learns_on_a_real_batch(name, real_batch):
    """25 steps with the book's learning rate on one real batch lower its loss (prediction mode after:
    no dropout noise)."""
    import numpy as np
    from mxnet import autograd, gluon, init, nd
    from mxnet.gluon import loss as gloss

    from chapter5 import MODELS
    mx.random.seed(0)
    X, y = real_batch
    size = TRAIN_SIZE.get(name, 28)
    if size != 28:
        X = nd.contrib.BilinearResize2D(X, height=size, width=size)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': MODELS[name].recipe.lr})
    loss = gloss.SoftmaxCrossEntropyLoss()
    before = None
    for _ in range(25):
        with autograd.record():
            l = loss(net(X), y).mean()
        l.backward()
        trainer.step(1)
        before = l.asscalar() if before is None else before
    after = loss(net(X), y).mean().asscalar()
    assert np.isfinite(after) and after < before - 0.01, (before, after)


def network_section_tests(section_id, models):
    """The three tests of a network section's module (tests/test_alexnet.py, ...): its documented
    printouts in process, each model's forward pass at the book's input size, and learning on a real
    batch. A module binds them to its own names, so that pytest collects them there."""
    def test_main_prints_the_documented_tables():
        assert_prints_the_documented_tables(section_id)

    @pytest.mark.parametrize('name', models)
    def test_forward_at_the_book_input_size(name):
        assert_forward_at_the_book_input_size(name)

    @pytest.mark.parametrize('name', models)
    def test_learns_on_real_data(name, real_batch):
        assert_learns_on_a_real_batch(name, real_batch)
    return (test_main_prints_the_documented_tables, test_forward_at_the_book_input_size,
            test_learns_on_real_data)


def fold(text):
    return ' '.join(text.split())


def pytest_collection_modifyitems(items):
    """The longest test first (the 5.10 notebook's two full BN-LeNet recipes, about 6 minutes),
    so that with two workers (`pytest -n 2`, as `make test` runs) it runs beside all the rest."""
    items.sort(key=lambda item: '5.10-batch-norm' not in item.nodeid)


def forward_backward(block, X):
    """(output, {parameter name: gradient}) of one training-mode pass of `block` on X."""
    with autograd.record():
        Y = block(X)
        (Y * nd.arange(Y.size).reshape(Y.shape) / Y.size).sum().backward()  # every output weighed apart
    return Y.asnumpy(), {name: p.grad().asnumpy() for name, p in block.collect_params().items()
                         if p.grad_req != 'null'}


def assert_same_forward_backward(got, expected, grad_atol):
    """(outputs, {parameter: gradient}) of two blocks agree, the gradients to `grad_atol`."""
    (got, grads), (expected, expected_grads) = got, expected
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert grads.keys() == expected_grads.keys()
    for name in grads:
        np.testing.assert_allclose(grads[name], expected_grads[name], rtol=1e-4, atol=grad_atol, err_msg=name)


def real_images(n, size):
    images, labels = read_fashion_mnist(train=False)
    return predict.to_input(images[:n], size if size != 28 else None), labels[:n]


def onnx_logits(path, X):
    session = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    (name,) = [i.name for i in session.get_inputs()]
    return session.run(None, {name: X.asnumpy()})[0]


def assert_same(logits, reference):
    scale = max(1.0, float(np.abs(reference).max()))
    np.testing.assert_allclose(logits, reference, rtol=0, atol=1e-4 * scale)
    top2 = np.sort(reference, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 1e-3 * scale  # where the two best classes are not a tie
    assert (logits.argmax(1) == reference.argmax(1))[clear].all()


@pytest.fixture(scope='session')
def trained_lenet(tmp_path_factory):
    """LeNet with batch normalization trained by the CLI for one epoch of the book's recipe (seed 0):
    the least training that classifies well (test acc 0.80-0.84 over seeds 0-4, where plain LeNet
    needs all five epochs and four times the time for 0.74-0.77), and it takes export and predict
    through batch normalization's prediction mode."""
    out = tmp_path_factory.mktemp('runs')
    code, _, err = run_module('chapter5', 'train', 'lenet_bn', '--seed', '0', '--epochs', '1',
                              '--out', str(out / 'lenet_bn'))
    assert code == 0, err
    return out / 'lenet_bn'
