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


def _is_row(line):
    return line.startswith('|') and line.endswith('|') and len(line) > 1


def _blocks(text):
    """The text's lines in runs: ('table', [[cells], ...] without the |---| rule) or ('text', [line])."""
    runs, lines = [], text.split('\n')
    i = 0
    while i < len(lines):
        rule = lines[i + 1] if i + 1 < len(lines) else ''
        if _is_row(lines[i]) and set(rule) <= set('|-: ') and '-' in rule:
            rows = [lines[i]]
            i += 2
            while i < len(lines) and _is_row(lines[i]):
                rows.append(lines[i])
                i += 1
            runs.append(('table', [[cell.strip() for cell in row[1:-1].split('|')] for row in rows]))
        else:
            runs.append(('text', lines[i]))
            i += 1
    return runs


def _width(text):
    """Columns a terminal gives `text`: Chinese characters take two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)


def aligned(text):
    """`text` with each Markdown table as aligned columns (a terminal's or a notebook's plain text)."""
    out = []
    for kind, body in _blocks(text):
        if kind == 'text':
            out.append(body)
            continue
        widths = [max(_width(row[c]) if c < len(row) else 0 for row in body) for c in range(len(body[0]))]
        lines = ['  '.join(cell + ' ' * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip()
                 for row in body]
        out += [lines[0], '-' * max(map(_width, lines))] + lines[1:]
    return '\n'.join(out)


def html(text):
    """`text` as HTML, each Markdown table a rendered <table> (a notebook's rich output)."""
    from html import escape
    parts = []
    for kind, body in _blocks(text):
        if kind == 'text':
            parts.append(escape(body) + '<br>' if body else '<br>')
            continue
        head = ''.join('<th>%s</th>' % escape(cell) for cell in body[0])
        rows = ''.join('<tr>%s</tr>' % ''.join('<td>%s</td>' % escape(cell) for cell in row)
                       for row in body[1:])
        parts.append('<table><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (head, rows))
    return '<div>%s</div>' % '\n'.join(parts)
