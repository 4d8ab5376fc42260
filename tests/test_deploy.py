"""Using a trained network (issue: predict and export): every model exported as MXNet symbol files and
as ONNX gives the Gluon network's logits on real test images, in MXNet and in onnxruntime; `predict`
classifies pictures and draws the book's figure; bad input gets one line and nothing half-written."""
import json
import os

import cv2
import mxnet as mx
import numpy as np
import onnxruntime as ort  # the `export` extra, which `make test` installs
import pytest
from conftest import run_module
from mxnet import autograd, init

from chapter5 import MODELS, get_model
from chapter5.data import read_fashion_mnist
from chapter5.engine import export, predict
from chapter5.engine.twins import predictor

SIZES = {'alexnet': 224, 'vgg11': 224, 'vgg11_small': 224, 'nin': 224,
         'googlenet': 96, 'resnet18': 96, 'densenet': 96}  # the recipes' inputs; 28 for the rest
# full-width VGG-11 (not trained by the book) at 224 is a 0.5 GB ONNX file and a third of this file's
# time; at 64 it is the same graph with a smaller first dense layer, and vgg11_small covers 224
EXPORT_SIZES = dict(SIZES, vgg11=64)


def test_every_model_has_its_recipes_input_here():
    assert all(SIZES.get(name, 28) == (get_model(name).recipe.resize or 28) for name in MODELS)


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


@pytest.mark.parametrize('name', list(MODELS))
def test_every_model_exports_to_mxnet_and_onnx_with_the_same_logits(name, tmp_path):
    mx.random.seed(0)
    net = get_model(name)()
    net.initialize(init.Xavier())
    X, _ = real_images(4, EXPORT_SIZES.get(name, 28))
    with autograd.record():  # one training step's statistics: batch norm's moving averages move
        net(X)
    reference = net(X).asnumpy()  # prediction mode, the notes' blocks as the notes run them
    graph = export.compiled_predictor(net, X.shape[-1])
    assert_same(graph(X).asnumpy(), reference)
    symbol, params = export._export_mxnet(graph, str(tmp_path / name))
    loaded = mx.gluon.SymbolBlock.imports(symbol, ['data'], params)
    assert_same(loaded(X).asnumpy(), reference)
    (onnx_file,) = export._export_onnx(graph, str(tmp_path / (name + '.onnx')), X.shape[-1])
    assert_same(onnx_logits(onnx_file, X), reference)
    assert_same(onnx_logits(onnx_file, X[:1]), reference[:1])  # any batch size
    written = sorted(name + end for end in ('-symbol.json', '-0000.params', '.onnx'))
    assert sorted(os.listdir(tmp_path)) == written  # and no scratch folder left


def test_the_prediction_twin_of_the_scratch_batch_norm_equals_the_notes_block():
    net = get_model('lenet_bn_scratch')()
    net.initialize(init.Xavier())
    X, _ = real_images(16, 28)
    for _ in range(3):
        with autograd.record():
            net(X)
    twin = predictor(net)
    twin.hybridize()
    assert type(twin[1]).__name__ == 'PredictBatchNorm' and twin[1].gamma is net[1].gamma
    np.testing.assert_allclose(twin(X).asnumpy(), net(X).asnumpy(), rtol=1e-5, atol=1e-6)


@pytest.fixture(scope='module')
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


def test_predict_classifies_test_pictures_as_the_network_does(trained_lenet, tmp_path):
    images, labels = read_fashion_mnist(train=False)
    net, recipe = predict.load_run(str(trained_lenet))
    assert recipe['model'] == 'lenet_bn'
    expected = predict.probabilities(net, predict.to_input(images[:16])).argmax(1)
    paths = []
    for i in range(16):
        paths.append(str(tmp_path / ('test-%d.png' % i)))
        cv2.imwrite(paths[-1], images[i].reshape(28, 28))
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), *paths)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 16 and all('(28x28 grey, 28x28): ' in line for line in lines)
    said = [line.split('): ')[1].split(' 0.')[0].split(' 1.')[0] for line in lines]
    assert said == predict.get_fashion_mnist_labels(expected)
    assert said[2] == said[3] == 'trouser' == predict.TEXT_LABELS[labels[2]]  # the test set's 3rd and 4th
    # a photo-like version: bigger, colour, dark garment on white: inverted and shrunk back
    big = cv2.cvtColor(cv2.resize(255 - images[2].reshape(28, 28), (280, 280)), cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(tmp_path / 'photo.jpg'), big)
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), str(tmp_path / 'photo.jpg'))
    assert code == 0 and '280x280 colour -> grey, inverted (light background), 28x28): trouser' in out, err


def test_grid_draws_the_books_figure_and_prints_its_accuracy(trained_lenet, tmp_path):
    images, labels = read_fashion_mnist(train=False)
    net, _ = predict.load_run(str(trained_lenet))
    right = int((predict.probabilities(net, predict.to_input(images[:16])).argmax(1) == labels[:16]).sum())
    grid = tmp_path / 'grid.png'
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), '--grid', str(grid))
    assert code == 0, err
    assert 'the first 16 test images; accuracy on them %.3f (%d of 16)' % (right / 16, right) in out
    import matplotlib.image
    assert matplotlib.image.imread(str(grid)).shape[2] in (3, 4) and not list(tmp_path.glob('*.tmp'))


def test_export_cli_gives_files_that_predict_as_the_run(trained_lenet, tmp_path):
    X, _ = real_images(32, 28)
    net, _ = predict.load_run(str(trained_lenet))
    reference = net(X).asnumpy()
    code, out, err = run_module('chapter5', 'export', str(trained_lenet), '--format', 'onnx',
                                '-o', str(tmp_path / 'lenet.onnx'))
    assert code == 0 and out.strip() == 'wrote %s' % (tmp_path / 'lenet.onnx'), err
    assert_same(onnx_logits(str(tmp_path / 'lenet.onnx'), X), reference)
    code, out, err = run_module('chapter5', 'export', str(trained_lenet), '--format', 'mxnet')
    assert code == 0, err
    prefix = trained_lenet / 'lenet_bn' / 'export' / 'lenet_bn'
    loaded = mx.gluon.SymbolBlock.imports('%s-symbol.json' % prefix, ['data'], '%s-0000.params' % prefix)
    assert_same(loaded(X).asnumpy(), reference)


def test_bad_input_gets_one_line_and_an_exit_code(trained_lenet, tmp_path):
    cases = [
        (['predict', str(tmp_path / 'none'), '--grid', 'g.png'], 1, 'is not a folder'),
        (['predict', str(tmp_path), '--grid', 'g.png'], 1, 'holds no checkpoint (checkpoint.json)'),
        (['predict', str(trained_lenet)], 2, 'give IMAGE files to classify, or --grid'),
        (['predict', str(trained_lenet), str(tmp_path / 'missing.png')], 1, 'missing.png: no such file'),
        (['export', str(trained_lenet), '--format', 'tflite'], 2, "invalid choice: 'tflite'"),
    ]
    (tmp_path / 'text.png').write_text('not a picture')
    cases.append((['predict', str(trained_lenet), str(tmp_path / 'text.png')], 1,
                  'not a picture OpenCV can read'))
    (tmp_path / 'file').write_text('')
    cases.append((['export', str(trained_lenet), '--format', 'onnx', '-o', str(tmp_path / 'file' / 'x.onnx')],
                   1, 'is a file'))
    for args, code, words in cases:
        got, out, err = run_module('chapter5', *args)
        assert got == code and words in err and 'Traceback' not in err, (args, err)


def test_a_damaged_checkpoint_is_refused_by_name(trained_lenet, tmp_path):
    import shutil
    run = tmp_path / 'lenet'
    shutil.copytree(trained_lenet / 'lenet_bn', run, ignore=shutil.ignore_patterns('export'))
    pointer = json.loads((run / 'checkpoint.json').read_text())
    with open(run / pointer['folder'] / 'params', 'r+b') as f:
        f.seek(100)
        f.write(b'\0\0\0\0')
    code, _, err = run_module('chapter5', 'export', str(run), '--format', 'mxnet')
    assert code == 1 and 'does not match its sha256' in err and 'Traceback' not in err
    assert not (run / 'export').exists() or not os.listdir(run / 'export')


def test_a_failed_onnx_export_leaves_nothing_behind(trained_lenet, tmp_path, monkeypatch):
    import onnx

    def fail(model):
        raise onnx.checker.ValidationError('stands for any failure half way')
    monkeypatch.setattr(onnx.checker, 'check_model', fail)
    with pytest.raises(onnx.checker.ValidationError):
        export.export_run(str(trained_lenet), 'onnx', str(tmp_path / 'lenet.onnx'))
    assert os.listdir(tmp_path) == []  # no file, no scratch folder
