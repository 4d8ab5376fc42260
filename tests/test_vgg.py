"""5.7 VGG (chapter5/vgg.py): its documented printouts, its forward pass at the
book's input size, and learning on real data."""
from conftest import network_section_tests

test_main_prints_the_documented_tables, test_forward_at_the_book_input_size, test_learns_on_real_data = \
    network_section_tests('5.7', ['vgg11', 'vgg11_small'])


def test_vgg_block_pools_once_after_its_convolutions():
    from mxnet import nd

    from chapter5.vgg import vgg_block
    blk = vgg_block(3, 8)
    kinds = [type(layer).__name__ for layer in blk]
    assert kinds == ['Conv2D', 'Conv2D', 'Conv2D', 'MaxPool2D']
    blk.initialize()
    assert blk(nd.ones((1, 1, 16, 16))).shape == (1, 8, 8, 8)
