"""The house's rules, read from the source: imports run one way (no circle among chapter5's modules,
the book layer never imports the engine), and no module imports another's `_private` name."""
import ast
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
PACKAGE = os.path.join(ROOT, 'chapter5')


def modules():
    """{dotted name: path} of every module of the chapter5 package."""
    found = {}
    for folder, _, files in os.walk(PACKAGE):
        for f in files:
            if f.endswith('.py'):
                path = os.path.join(folder, f)
                parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
                if parts[-1] == '__init__':
                    parts = parts[:-1]
                found['.'.join(parts)] = path
    return found


def imports(path):
    """[(imported module, [names], line)] of a file, at any depth (imports inside functions too)."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def graph():
    """{module: {chapter5 modules it imports}}; `from chapter5 import x` counts x when it is a module."""
    known = modules()
    edges = {}
    for name, path in known.items():
        targets = set()
        for module, names, _ in imports(path):
            if module in known:
                targets.add(module)
            targets.update('%s.%s' % (module, n) for n in names if '%s.%s' % (module, n) in known)
        edges[name] = targets - {name}
    return edges


def cycles(edges):
    """The import circles in `edges`, each as a list of modules."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = 'open'
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 'open':
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 'done'
    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_package_has_no_import_circle():
    # a package imports its own modules' names: an edge from chapter5 (its __init__) is not an arrow back
    edges = {k: {t for t in v if not k.startswith(t + '.')} for k, v in graph().items()}
    assert cycles(edges) == []


def test_cycles_finds_a_circle():
    assert cycles({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == [['a', 'b', 'c', 'a']]
    assert cycles({'a': {'b'}, 'b': set()}) == []


def test_the_book_layer_never_imports_the_engine():
    # the exercises and the speedrun build on the engine: they are beside the book layer, not in it
    beside = ('chapter5.engine', 'chapter5.exercises', 'chapter5.speedrun')
    book = [m for m in modules() if not m.startswith(beside)
            and m not in ('chapter5.__main__', 'chapter5.nbtools', 'chapter5.diagrams')  # notebook helpers
            and not m.startswith('chapter5.cli')]
    edges = graph()
    assert {m: sorted(t for t in edges[m] if t.startswith('chapter5.engine')) for m in book} == \
        {m: [] for m in book}


def test_no_module_imports_another_modules_private_name():
    crossings = []
    for name, path in modules().items():
        for module, names, line in imports(path):
            if module.startswith('chapter5') and module != name:
                crossings += ['%s:%d imports %s.%s' % (name, line, module, n) for n in names
                              if n.startswith('_') and not n.startswith('__')]
    assert crossings == []


def test_rooms_and_functions_are_short_enough_to_read_at_once():
    """No engine file over 250 lines, no function of the package over 50 (the documented printouts in
    chapter5/verify/expected.py are data, not a function)."""
    too_long = []
    for name, path in modules().items():
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if name.startswith('chapter5.engine.') and len(text.splitlines()) > 250:
            too_long.append('%s: %d lines' % (name, len(text.splitlines())))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.end_lineno - node.lineno + 1 > 50:
                too_long.append('%s.%s: %d lines' % (name, node.name, node.end_lineno - node.lineno + 1))
    assert too_long == []


def test_no_test_reaches_into_a_modules_private_names():
    """A test uses a module as its callers do: `module._name` of a chapter5 module appears nowhere."""
    crossings = []
    for f in sorted(os.listdir(HERE)):
        if not f.endswith('.py'):
            continue
        with open(os.path.join(HERE, f), encoding='utf-8') as source:
            tree = ast.parse(source.read())
        bound = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or '').startswith('chapter5'):
                bound.update(alias.asname or alias.name for alias in node.names)
            elif isinstance(node, ast.Import):
                bound.update((alias.asname or alias.name).split('.')[0] for alias in node.names
                             if alias.name.startswith('chapter5'))
        crossings += ['%s:%d %s.%s' % (f, node.lineno, node.value.id, node.attr) for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                      and node.value.id in bound and node.attr[:1] == '_' and node.attr[:2] != '__']
    assert crossings == []
