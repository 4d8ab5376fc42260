"""chapter5.engine.tables: the one Markdown table writer."""
from chapter5.engine.tables import aligned, html, markdown_table


def test_rows_are_unpadded_and_cells_any_type():
    assert markdown_table(['model', 'test acc'], [['lenet', '0.770'], ['nin', 0.842]]) == (
        '| model | test acc |\n|---|---|\n| lenet | 0.770 |\n| nin | 0.842 |\n')
    assert markdown_table(['a'], []) == '| a |\n|---|\n'


ROWS = [['0.9', '1.3820 / 0.663'], ['3.0', '2.3']]
TEXT = '每个训练两个迭代周期：\n' + markdown_table(['学习率', 'LeNet'], ROWS) + '结论。'


def test_aligned_lines_up_the_columns_counting_chinese_as_two_and_drops_the_pipes():
    assert aligned(TEXT).split('\n') == ['每个训练两个迭代周期：', '学习率  LeNet', '----------------------',
                                         '0.9     1.3820 / 0.663', '3.0     2.3', '结论。']
    assert aligned('no table | here') == 'no table | here'


def test_html_renders_each_table_and_escapes_the_rest():
    page = html(TEXT + ' <b>')
    assert '<table><thead><tr><th>学习率</th><th>LeNet</th></tr></thead><tbody><tr><td>0.9</td>' in page
    assert '|---' not in page and '结论。 &lt;b&gt;' in page
