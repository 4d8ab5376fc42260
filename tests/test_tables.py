"""chapter5.engine.tables: the one Markdown table writer."""
from chapter5.engine.tables import markdown_table


def test_rows_are_unpadded_and_cells_any_type():
    assert markdown_table(['model', 'test acc'], [['lenet', '0.770'], ['nin', 0.842]]) == (
        '| model | test acc |\n|---|---|\n| lenet | 0.770 |\n| nin | 0.842 |\n')
    assert markdown_table(['a'], []) == '| a |\n|---|\n'
