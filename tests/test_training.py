"""The book's full recipes for LeNet and both BN-LeNets on the real Fashion-MNIST, and the train CLI."""
import re

import pytest
from conftest import run_module

from chapter5.utils import train_recipe
from chapter5.verify import check_training

EPOCH_LINE = re.compile(r'epoch (\d), loss (\d+\.\d{4}), train acc (0\.\d{3}), test acc (0\.\d{3}), '
                        r'time \d+\.\d sec')


def test_chapter5_train_lenet_follows_the_book():
    """`chapter5 train lenet`: 5 epochs, lr 0.9, batch 256; the book reaches 0.754."""
    code, out, err = run_module('chapter5', 'train', 'lenet')
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == 'training on cpu(0)'
    epochs = [EPOCH_LINE.fullmatch(line) for line in lines[1:]]
    assert all(epochs) and [int(m.group(1)) for m in epochs] == [1, 2, 3, 4, 5], out
    losses = [float(m.group(2)) for m in epochs]
    assert losses[-1] < losses[0] - 1
    assert float(epochs[-1].group(4)) >= 0.70, out


@pytest.mark.parametrize('name, book', [('lenet_bn_scratch', 0.870), ('lenet_bn', 0.881)])
def test_bn_lenet_recipes_reach_the_books_band(name, book, capsys):
    history = train_recipe(name)
    assert [r.epoch for r in history] == [1, 2, 3, 4, 5]
    assert history[-1].test_acc >= 0.83, capsys.readouterr().out
    what, expected, got, ok = check_training(name, history)
    assert ok and expected == '>= %.3f (book %.3f - 0.05)' % (book - 0.05, book)


def test_check_training_fails_a_run_below_the_band():
    from chapter5.utils import EpochResult
    what, expected, got, ok = check_training('lenet', [EpochResult(5, 0.9, 0.6, 0.61, 1.0)])
    assert not ok and got == '0.610' and expected.startswith('>= 0.704')


def test_a_nan_loss_stops_the_run_with_advice():
    code, out, err = run_module('chapter5', 'train', 'alexnet', '--lr', '10', '--resize', '96',
                                '--batch-size', '64', '--epochs', '1')
    assert code == 1
    assert 'stopped: the training loss became nan' in err and 'try a lower one' in err
    assert 'epoch 1' not in out


def test_unknown_model_exits_2_with_the_list():
    code, _, err = run_module('chapter5', 'train', 'resnet50')
    assert code == 2
    assert "unknown model 'resnet50'" in err and 'lenet_bn_scratch' in err and 'densenet' in err
