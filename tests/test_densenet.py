"""5.12 DenseNet (chapter5/densenet.py): its documented printouts, its forward pass at the
book's input size, and learning on real data."""
import pytest
from conftest import (
    assert_forward_at_the_book_input_size,
    assert_learns_on_a_real_batch,
    assert_prints_the_documented_tables,
)

MODELS = ['densenet']


def test_main_prints_the_documented_tables():
    assert_prints_the_documented_tables('5.12')


@pytest.mark.parametrize('name', MODELS)
def test_forward_at_the_book_input_size(name):
    assert_forward_at_the_book_input_size(name)


@pytest.mark.parametrize('name', MODELS)
def test_learns_on_real_data(name, real_batch):
    assert_learns_on_a_real_batch(name, real_batch)
