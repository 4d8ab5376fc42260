"""5.7 VGG (chapter5/vgg.py): its documented printouts, its forward pass at the
book's input size, and learning on real data."""
import pytest
from conftest import (
    assert_forward_at_the_book_input_size,
    assert_learns_on_a_real_batch,
    assert_prints_the_documented_tables,
)

MODELS = ['vgg11', 'vgg11_small']


def test_main_prints_the_documented_tables():
    assert_prints_the_documented_tables('5.7')


@pytest.mark.parametrize('name', MODELS)
def test_forward_at_the_book_input_size(name):
    assert_forward_at_the_book_input_size(name)


@pytest.mark.parametrize('name', MODELS)
def test_learns_on_real_data(name, real_batch):
    assert_learns_on_a_real_batch(name, real_batch)


def test_vgg_block_pools_once_after_its_convolutions():
    from mxnet import nd

    from chapter5.vgg import vgg_block
    blk = vgg_block(3, 8)
    kinds = [type(layer).__name__ for layer in blk]
    assert kinds == ['Conv2D', 'Conv2D', 'Conv2D', 'MaxPool2D']
    blk.initialize()
    assert blk(nd.ones((1, 1, 16, 16))).shape == (1, 8, 8, 8)
