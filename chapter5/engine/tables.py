"""Tables: the one writer of every Markdown table the project prints or stores.

Rows are written unpadded ('| a | b |'), so that a regenerated table differs from the committed one
only in the rows that changed, and a test can look for a row as it is printed. docs/engine.md says
why this is not a library's table writer.
"""


def markdown_table(header, rows):
    """A Markdown table of `header` (column names) and `rows` (lists of cells, any type), with its
    trailing newline."""
    lines = ['| %s |' % ' | '.join(header), '|' + '---|' * len(header)]
    lines += ['| %s |' % ' | '.join(str(cell) for cell in row) for row in rows]
    return '\n'.join(lines) + '\n'
