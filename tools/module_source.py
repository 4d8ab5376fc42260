"""A module's top-level statements as its source writes them: what the notebooks' code cells show.

`statements(module)` lists each top-level statement of a module (but its docstring): an import, or a
definition (function, class or assignment) with the comment lines right above it; `definitions`
gives the source of named definitions. tools/notebooks.py and tools/exercise_cells.py build cells
from these, so a notebook shows the code that runs, and its check fails when the two part.
"""
import ast
import collections
import importlib
import inspect

Statement = collections.namedtuple('Statement', 'kind names text node')


def statements(module_name):
    """[Statement(kind 'import' or 'definition', names it binds, its source, its ast node)]."""
    text = inspect.getsource(importlib.import_module(module_name))
    lines = text.splitlines()
    tree = ast.parse(text)
    found = []
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module's docstring
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [(a.asname or a.name).split('.')[0] for a in node.names]
            found.append(Statement('import', names, '\n'.join(lines[node.lineno - 1:node.end_lineno]), node))
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith('#'):
            start -= 1
        text = '\n'.join(lines[start:node.end_lineno])
        found.append(Statement('definition', bound_names(node), text, node))
    return found


def bound_names(node):
    """The top-level names a definition binds."""
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    targets = getattr(node, 'targets', None) or [getattr(node, 'target', None)]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def definitions(spec):
    """The source of 'module:name,name,...' as the module writes it, with the comments above each."""
    module_name, names = spec.split(':')
    by_name = {name: s for s in statements(module_name) if s.kind == 'definition' for name in s.names}
    parts = []
    for name in names.split(','):
        if name not in by_name:
            raise ValueError('%s defines no %r at its top level' % (module_name, name))
        parts.append(by_name[name].text)
    return '\n\n\n'.join(parts)


def used_names(node):
    """Every name a statement reads (loads), anywhere inside it."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
