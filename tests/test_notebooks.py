"""Every notebook runs top to bottom in a fresh kernel and shows what is stored in it.

Deterministic outputs must match exactly (times and MXNet's C++ log lines masked); a
training cell trains its `check_epochs` (5.5: LeNet's whole recipe; 5.10: the first epoch of each
BN-LeNet) and must learn and land in the band measured over seeds and CPU kinds
(tools/training_cells.py, tests/test_training_cells.py), not on the stored run's digits.
"""
import importlib.util
import os
import re

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, '..', 'tools', 'notebooks.py')
spec = importlib.util.spec_from_file_location('notebooks_tool', TOOL)
notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebooks)


def test_there_is_one_notebook_per_section():
    from chapter5 import SECTIONS
    names = notebooks.names()
    assert [n.split('-')[0] for n in names] == list(SECTIONS)
    for name in names:
        assert os.path.exists(notebooks.path_of(name)), '%s.ipynb missing: run `make notebooks`' % name


def test_cell_ids_are_stable_so_a_rebuild_changes_only_what_changed():
    import nbformat
    for name in notebooks.names():
        ids = [cell.id for cell in nbformat.read(notebooks.path_of(name), as_version=4).cells]
        assert ids == [cell.id for cell in notebooks.parse(name).cells], name
        assert ids == ['cell-%02d' % i for i in range(len(ids))], name


@pytest.mark.parametrize('name', notebooks.names())
def test_notebook_runs_and_matches_its_stored_outputs(name):
    problems = notebooks.check(name)
    assert not problems, '\n'.join(problems)


def test_check_catches_a_drifted_output(tmp_path, monkeypatch):
    """A stored output that the code no longer produces is reported."""
    import nbformat
    stored = nbformat.read(notebooks.path_of('5.2-padding-and-strides'), as_version=4)
    cell = [c for c in stored.cells if c.cell_type == 'code' and c.outputs][1]
    cell.outputs[0]['data']['text/plain'] = '(7, 7)'
    monkeypatch.setattr(notebooks, 'NOTEBOOKS', str(tmp_path))
    nbformat.write(stored, os.path.join(str(tmp_path), '5.2-padding-and-strides.ipynb'))
    problems = notebooks.check('5.2-padding-and-strides')
    assert len(problems) == 1 and '(7, 7)' in problems[0] and '(8, 8)' in problems[0]


@pytest.mark.parametrize('name', notebooks.names())
def test_notebook_renders_cleanly_and_shows_code_not_show_source(name):
    """The stored notebook as a reader sees it (nbconvert's HTML): no empty cells, no stray percent
    markers, no show_source, and every definition cell holds its module's code."""
    import nbformat
    from nbconvert import HTMLExporter
    nb = nbformat.read(notebooks.path_of(name), as_version=4)
    assert all(cell.source.strip() for cell in nb.cells), 'an empty cell'
    html, _ = HTMLExporter().from_notebook_node(nb)
    for stray in ('% [markdown]', '# %%', 'show_source'):
        assert stray not in html, stray
    for cell in nb.cells:
        if 'code' in cell.metadata:
            assert cell.source.startswith(notebooks.definitions(cell.metadata['code']))


ENGLISH_PROSE = re.compile(r'[A-Za-z]{2,}(?:,? [A-Za-z]{2,}){4,}')  # five English words in a row
CHINESE = re.compile('[\u4e00-\u9fff]')


@pytest.mark.parametrize('name', notebooks.names())
def test_every_exercise_answer_a_notebook_prints_is_chinese(name):
    """The answers under 练习 (recorded or computed) print Chinese: no line of English prose alone
    (a line may quote an English error message inside a Chinese sentence; tables are numbers)."""
    import nbformat
    nb = nbformat.read(notebooks.path_of(name), as_version=4)
    answers = [cell for cell in nb.cells if cell.cell_type == 'code' and not cell.metadata.get('long')
               and ('show_recorded(' in cell.source or cell.source.startswith('show(answer_'))]
    assert answers, 'no exercise answer printed'
    for cell in answers:
        text = ''.join(notebooks.outputs(cell))
        assert CHINESE.search(text), cell.source
        for line in text.splitlines():
            if not line.startswith('|') and ENGLISH_PROSE.search(line):
                assert CHINESE.search(line), 'English only: %s' % line


@pytest.mark.parametrize('name', notebooks.names())
def test_no_output_shows_a_raw_markdown_table(name):
    """Answers' tables are shown rendered (HTML) with aligned plain text, never as |---| pipe text."""
    import nbformat
    nb = nbformat.read(notebooks.path_of(name), as_version=4)
    for cell in nb.cells:
        for out in cell.get('outputs', []):
            texts = [out.get('text', '')] + list(out.get('data', {}).values())
            assert not any('|---' in str(t) for t in texts), cell.source


def test_a_changed_module_fails_its_notebooks_check(monkeypatch):
    """One truth: when a definition's source changes, the stored cell no longer matches its source."""
    monkeypatch.setattr(notebooks, 'definitions', lambda spec: '# edited\n')
    (problem,) = notebooks.check('5.2-padding-and-strides')
    assert problem == ('5.2-padding-and-strides.ipynb differs from notebooks/src/5.2-padding-and-strides.py: '
                       'run `make notebooks`')


def test_printing_split_into_several_outputs_compares_as_one():
    import nbformat

    def cell(*streams):
        return nbformat.v4.new_code_cell('', outputs=[nbformat.v4.new_output('stream', name=name, text=text)
                                                      for name, text in streams])
    one, two = cell(('stdout', 'a\nb\n')), cell(('stdout', 'a\n'), ('stdout', 'b\n'))
    assert notebooks.outputs(one) == notebooks.outputs(two) == ['stdout: a\nb\n']
    assert notebooks.outputs(cell(('stdout', 'a\n'), ('stderr', 'b\n'))) == ['stdout: a\n', 'stderr: b\n']


@pytest.mark.parametrize('name', notebooks.names())
def test_run_all_finishes_the_long_cells_say_what_they_skipped(name):
    """The switch after the title (RUN_LONG = False, its Run-All time measured here); every %%long
    cell stored with the one Chinese line that says it was skipped, how long it takes, how to run it."""
    import nbformat
    nb = nbformat.read(notebooks.path_of(name), as_version=4)
    switch = nb.cells[2].source
    assert 'RUN_LONG = False\n%load_ext chapter5.nbtools' in switch and '本机实测约' in switch
    for cell in nb.cells:
        if cell.cell_type == 'code' and cell.metadata.get('long'):
            assert cell.source.startswith('%%long ' + cell.metadata['long'] + '\n')
            said = ''.join(notebooks.outputs(cell))
            assert said.startswith('stdout: 没有运行（%s）：RUN_LONG = False。' % cell.metadata['long']), said


def test_the_run_all_times_in_the_docs_are_the_measured_ones():
    docs = open(os.path.join(HERE, '..', 'docs', 'notebooks.md'), encoding='utf-8').read()
    start = docs.index('<!-- run-all times: python tools/notebooks.py times -->\n')
    end = docs.index('<!-- end of run-all times -->')
    table = docs[start:end].split('\n', 1)[1]
    assert table == notebooks.times_table() and len(table.splitlines()) == 2 + len(notebooks.names())


def test_every_training_cell_has_its_measured_spread_and_no_measurement_is_orphaned():
    """The spread is keyed by a training cell's rank in its notebook ('5.5-lenet/training-1'), so that
    cells added elsewhere (the Run-All switch, the 练习 cells) leave the measurements attached."""
    import sys
    sys.path.insert(0, os.path.join(HERE, '..', 'tools'))
    import training_cells
    measured = set(training_cells.load_spread()['cells'])
    keys = set()
    for name in notebooks.names():
        cells = notebooks.parse(name).cells
        keys |= {notebooks.spread_key(name, cells, c) for c in cells if 'training' in c.metadata}
    assert keys == measured == {'5.5-lenet/training-1', '5.10-batch-norm/training-1',
                                '5.10-batch-norm/training-2'}


def test_numpy_2_scalar_reprs_compare_as_numpy_1s():
    """numpy 2 (Python 3.13) prints np.True_ and np.float32(0.5) where numpy 1 printed True and 0.5
    (NEP 51): the check compares the values, so a notebook stored on one passes on the other."""
    assert notebooks.mask('np.True_') == notebooks.mask('True')
    assert notebooks.mask('(np.float32(0.5), np.int64(3))') == '(0.5, 3)'
    assert notebooks.mask('np.float32') == 'np.float32'  # the type itself is left alone


def test_the_first_cell_installs_only_what_is_missing_from_the_one_address():
    """Every notebook's first code cell: chapter5 from REPOSITORY (or CHAPTER5_SOURCE), MXNet without its
    numpy<2, the hook for the running kernel, the data downloaded only where it is absent."""
    import nbformat

    from chapter5 import REPOSITORY
    assert notebooks.install_spec('') == ''
    assert notebooks.install_spec('me/chapter5') == 'chapter5 @ git+https://github.com/me/chapter5'
    for name in notebooks.names():
        source = nbformat.read(notebooks.path_of(name), as_version=4).cells[1].source
        assert source == notebooks.setup_cell().source
        assert 'os.environ.get("CHAPTER5_SOURCE", "%s")' % notebooks.install_spec(REPOSITORY) in source
        assert '%pip install --quiet --no-deps mxnet==1.9.1' in source and '\nimport chapter5  #' in source
        assert '"data", "--download"' in source
