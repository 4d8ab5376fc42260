"""chapter5.engine.export: every model exported as MXNet symbol files and as ONNX gives the Gluon network's
logits on real test images, in MXNet and in onnxruntime; a failed export leaves nothing behind."""
import json
import os

import mxnet as mx
import pytest
from conftest import assert_same, onnx_logits, real_images, run_module
from mxnet import autograd, init

from chapter5 import MODELS, get_model
from chapter5.engine import export, predict

SIZES = {'alexnet': 224, 'vgg11': 224, 'vgg11_small': 224, 'nin': 224,
         'googlenet': 96, 'resnet18': 96, 'densenet': 96}  # the recipes' inputs; 28 for the rest


# full-width VGG-11 (not trained by the book) at 224 is a 0.5 GB ONNX file and a third of this file's
# time; at 64 it is the same graph with a smaller first dense layer, and vgg11_small covers 224
EXPORT_SIZES = dict(SIZES, vgg11=64)


def test_every_model_has_its_recipes_input_here():
    assert all(SIZES.get(name, 28) == (get_model(name).recipe.resize or 28) for name in MODELS)


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
    symbol, params = export.export_mxnet(graph, str(tmp_path / name))
    loaded = mx.gluon.SymbolBlock.imports(symbol, ['data'], params)
    assert_same(loaded(X).asnumpy(), reference)
    (onnx_file,) = export.export_onnx(graph, str(tmp_path / (name + '.onnx')), X.shape[-1])
    assert_same(onnx_logits(onnx_file, X), reference)
    assert_same(onnx_logits(onnx_file, X[:1]), reference[:1])  # any batch size
    written = sorted(name + end for end in ('-symbol.json', '-0000.params', '.onnx'))
    assert sorted(os.listdir(tmp_path)) == written  # and no scratch folder left


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
