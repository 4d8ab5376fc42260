"""The 练习 part of each notebook (tools/exercise_cells.py): the code that runs, cell by cell.

Its definition cells, run in order in a fresh namespace, define every name the answers use: each
answer runs at its quick budget with nothing else defined. In a real kernel, changing one definition
changes the answer the notebook prints.
"""
import importlib.util
import os
import sys

import pytest

from chapter5 import SECTIONS
from chapter5.exercises import section_exercises, trains

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, '..', 'tools')
sys.path.insert(0, TOOLS)
spec = importlib.util.spec_from_file_location('exercise_cells', os.path.join(TOOLS, 'exercise_cells.py'))
exercise_cells = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exercise_cells)


def definition_sources(section):
    """The import cell and every definition cell of a section's 练习 part, in order."""
    cells = exercise_cells.cells({'exercises': section})
    return [c.source for c in cells if c.cell_type == 'code' and ('code' in c.metadata or c is cells[0])]


@pytest.mark.parametrize('section', list(SECTIONS))
def test_the_definition_cells_alone_run_every_answer(section):
    namespace = {'__name__': 'notebook'}
    for source in definition_sources(section):
        exec(compile(source, '<cell>', 'exec'), namespace)  # NameError here or below: a name not shown
    for function in section_exercises(section):
        mine = namespace[function.__name__]
        assert mine is not function and mine.__globals__ is namespace  # the notebook's own definition
        text = mine(quick=True) if trains(function) else mine()
        assert isinstance(text, str) and text.strip(), function.__name__


def test_every_helper_an_answer_uses_is_shown():
    cells = exercise_cells.cells({'exercises': '5.8'})
    shown = {c.metadata['code'] for c in cells if 'code' in c.metadata}
    for spec in ('chapter5.exercises.common:over_seeds', 'chapter5.exercises.common:trained',
                 'chapter5.exercises.common:train_net', 'chapter5.exercises.verdicts:pair',
                 'chapter5.exercises.verdicts:RULE', 'chapter5.exercises.nin:answer_tune'):
        assert spec in shown, spec
    assert not any(s.startswith('chapter5.exercises.runs:') for s in shown)  # plumbing: imported


def test_two_modules_defining_one_name_are_refused():
    with pytest.raises(ValueError, match="both define 'pair'"):
        exercise_cells.check_names({'chapter5.exercises.verdicts': {'pair'},
                                    'chapter5.exercises.padding_and_strides': {'pair', 'LAST_EXAMPLE'}})


def test_changing_a_definition_in_the_kernel_changes_the_printed_answer():
    import nbformat
    from nbclient import NotebookClient
    cells = [nbformat.v4.new_code_cell(source) for source in definition_sources('5.2')]
    ask = nbformat.v4.new_code_cell('print(answer_last_example())')
    edit = nbformat.v4.new_code_cell('LAST_EXAMPLE = dict(kernel_size=(3, 3), padding=(1, 1), '
                                     'strides=(1, 1))')
    nb = nbformat.v4.new_notebook(cells=cells + [ask, edit, nbformat.v4.new_code_cell(ask.source)])
    NotebookClient(nb, timeout=120, kernel_name='python3').execute()
    before, after = (''.join(o.get('text', '') for o in cell.outputs) for cell in nb.cells[-3::2])
    assert '给出 (2, 2)：两者一致' in before
    assert '核 (3, 3)，填充 (1, 1)，步幅 (1, 1)' in after and '给出 (8, 8)：两者一致' in after
