"""chapter5.engine.recipes: every model learns through the engine; LeNet's whole recipe lands in the
book's band."""
import json

import mxnet as mx
import numpy as np
import pytest
from conftest import EPOCH_LINE, run_module

from chapter5 import MODELS
from chapter5.engine.recipes import train_recipe


def test_lenet_recipe_lands_in_the_books_band(tmp_path):
    """The book's whole LeNet recipe from one seed through `chapter5 reproduce lenet` (the engine),
    which must pass the book's band (0.754 - 0.02)."""
    # --resume on an empty folder: reproduce starts a model without a checkpoint afresh
    code, out, err = run_module('chapter5', 'reproduce', 'lenet', '--seed', '0', '--out', str(tmp_path),
                                '--resume')
    assert code == 0, out + err
    (row,) = json.loads((tmp_path / 'results.json').read_text())
    assert row['model'] == 'lenet' and row['epochs'] == 5 and row['passed'], row
    assert row['test_acc'] >= 0.754 - 0.02
    assert '| lenet | book | 28 | 5 |' in out and '| pass |' in out and out.rstrip().endswith('| - |')


@pytest.mark.parametrize('name', [n for n in MODELS if n != 'lenet'])
def test_every_model_learns_through_the_engine(name, capsys):
    """Two short epochs on real data: the training loss falls."""
    size = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32, 'googlenet': 48,
            'resnet18': 48, 'densenet': 48}.get(name, 0)
    mx.random.seed(0)
    np.random.seed(0)
    history = train_recipe(name, num_epochs=2, batch_size=32, resize=size, num_train=32 * 12, num_test=100)
    assert all(EPOCH_LINE.fullmatch(line) for line in capsys.readouterr().out.splitlines()[1:])
    assert history[1].loss < history[0].loss, history
