"""5.12 DenseNet (chapter5/densenet.py): its documented printouts, its forward pass at the
book's input size, and learning on real data."""
from conftest import network_section_tests

test_main_prints_the_documented_tables, test_forward_at_the_book_input_size, test_learns_on_real_data = \
    network_section_tests('5.12', ['densenet'])
