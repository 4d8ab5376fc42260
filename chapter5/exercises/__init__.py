"""The 练习 (exercises) of each section, answered in runnable code.

One module per section, named as the section's module. Each module's
`EXERCISES` lists its answers in the notes' order: functions whose docstring
is the question and whose return value is the answer, with what was measured.
Answers that train take `quick=True` for a smoke-sized run.
"""
import importlib
import inspect

from chapter5 import find_section


def section_exercises(section):
    """The answer functions of a section (id or module name), in the notes' order."""
    module = importlib.import_module('chapter5.exercises.' + find_section(section).module)
    return module.EXERCISES


def question(answer):
    """The question an answer function answers: its docstring's first paragraph, in one line."""
    return ''.join(line.strip() for line in inspect.getdoc(answer).split('\n\n')[0].splitlines())


def answer(function, *, quick=False):
    """Call an answer function; `quick` reaches only those that train or measure at length."""
    if 'quick' in inspect.signature(function).parameters:
        return function(quick=quick)
    return function()


def run(section, *, quick=False, out=print):
    """Print a section's questions, each followed by its answer."""
    s = find_section(section)
    out('## %s %s 练习' % (s.id, s.title))
    for i, function in enumerate(section_exercises(s.id), 1):
        out('\n%d. %s\n' % (i, question(function)))
        out(answer(function, quick=quick))
    out('')
