"""The notes' figures drawn from the networks (chapter5/diagrams.py): each layer of the network is a
node with its kernel, stride and channels, each edge the shape that flows along it."""
import re

import pytest
from mxnet.gluon import nn

from chapter5.densenet import DenseBlock, transition_block
from chapter5.diagrams import network_svg
from chapter5.googlenet import Inception
from chapter5.lenet import lenet
from chapter5.resnet import Residual


def labels(svg):
    return re.findall(r'<text[^>]*>([^<]*)</text>', svg)


def test_lenet_is_drawn_layer_by_layer_with_its_shapes():
    found = labels(network_svg(lenet(), (1, 1, 28, 28)))
    assert found.count('Convolution') == 2 and found.count('FullyConnected') == 3
    assert '5x5/1x1, 6' in found and '5x5/1x1, 16' in found and 'max, 2x2/2x2' in found
    assert '6x24x24' in found and '16x4x4' in found  # 28 - 5 + 1 = 24; (12 - 5 + 1) / 2 = 4


def test_inception_shows_four_paths_joined_on_channels():
    found = labels(network_svg(Inception(64, (96, 128), (16, 32), 32), (1, 192, 28, 28)))
    assert found.count('Convolution') == 6 and any('concat' in text for text in found)
    for channels in ('64x28x28', '128x28x28', '32x28x28'):
        assert channels in found


def test_both_residual_blocks_and_the_dense_block_with_a_transition():
    same = labels(network_svg(Residual(3), (1, 3, 6, 6)))
    halving = labels(network_svg(Residual(6, use_1x1conv=True, strides=2), (1, 3, 6, 6)))
    assert same.count('Convolution') == 2 and halving.count('Convolution') == 3
    assert '6x3x3' in halving and '1x1/2x2, 6' in halving
    blk = nn.Sequential()
    blk.add(DenseBlock(2, 10), transition_block(10))
    dense = labels(network_svg(blk, (1, 3, 8, 8)))
    assert sum('concat' in text for text in dense) == 2
    assert '23x8x8' in dense and '10x8x8' in dense  # 3 + 2 x 10 channels, then the transition's 10


def test_without_dot_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setenv('PATH', '/nonexistent')
    with pytest.raises(RuntimeError, match="graphviz's dot .*apt-get install graphviz"):
        network_svg(lenet(), (1, 1, 28, 28))


def test_a_notebooks_own_copy_of_a_notes_block_is_drawn_too():
    """In a notebook, `Inception` is the class its cell defined, not chapter5.googlenet's: the same code
    and layers under the same name, drawn the same way."""
    import inspect

    import chapter5.googlenet as book
    namespace = {**vars(book), '__name__': 'notebook'}  # a kernel that ran the notes' cells
    exec(compile(inspect.getsource(book.Inception), '<cell>', 'exec'), namespace)
    mine = namespace['Inception'](64, (96, 128), (16, 32), 32)
    assert not isinstance(mine, book.Inception)
    def drawn(block):  # the layers' automatic names (inception0, inception1) aside
        return [re.sub(r'\d+', 'N', text) for text in labels(network_svg(block, (1, 192, 28, 28)))]
    assert drawn(mine) == drawn(book.Inception(64, (96, 128), (16, 32), 32))
