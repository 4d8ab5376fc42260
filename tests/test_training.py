"""Training through the CLI and the recipe checks.

The book's full recipes for LeNet (test acc >= 0.70) and both BN-LeNets (>= 0.83) run once per
suite, in the 5.5 and 5.10 notebooks, whose training cells tests/test_notebooks.py checks.
"""

import mxnet as mx
import numpy as np
import pytest
from conftest import EPOCH_LINE, run_module

from chapter5.engine.recipes import train_recipe
from chapter5.engine.training_check import check_training


def test_chapter5_train_prints_the_books_log():
    """`chapter5 train lenet` with two epochs instead of five: the book's lines, learning."""
    code, out, err = run_module('chapter5', 'train', 'lenet', '--epochs', '2')
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == 'training on cpu(0)'
    epochs = [EPOCH_LINE.fullmatch(line) for line in lines[1:]]
    assert all(epochs) and [int(m.group(1)) for m in epochs] == [1, 2], out
    assert float(epochs[1].group(2)) < float(epochs[0].group(2))


@pytest.mark.parametrize('book_path', [False, True])
def test_train_recipe_overrides_and_check(capsys, book_path):
    """A short run of a recipe with overrides, through the engine and through the book's harness,
    checked against the book's band."""
    mx.random.seed(0)
    np.random.seed(0)
    history = train_recipe('lenet_bn', num_epochs=1, num_train=10240, num_test=2000, book_path=book_path)
    assert [r.epoch for r in history] == [1]
    assert 'training on cpu(0)' in capsys.readouterr().out
    assert history[0].test_acc > 0.5  # BatchNorm learns fast: far above chance (0.1) after 40 batches
    what, expected, got, ok = check_training('lenet_bn', history)
    assert what == 'lenet_bn recipe: final test acc' and expected == '>= 0.831 (book 0.881 - 0.05)'
    assert got == '%.3f' % history[0].test_acc and ok == (history[0].test_acc >= 0.831)


def test_a_nan_loss_stops_the_run_with_advice():
    code, out, err = run_module('chapter5', 'train', 'alexnet', '--lr', '100', '--seed', '0',
                                '--resize', '96', '--batch-size', '64', '--epochs', '1')
    assert code == 1
    assert 'stopped: the training loss became nan' in err and 'try a lower one' in err
    assert 'epoch 1' not in out


def test_unknown_model_exits_2_with_the_list():
    code, _, err = run_module('chapter5', 'train', 'resnet50')
    assert code == 2
    assert "unknown model 'resnet50'" in err and 'lenet_bn_scratch' in err and 'densenet' in err
