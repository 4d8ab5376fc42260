"""Build, execute and check the notebooks.

Each notebook is written as a percent-format source in notebooks/src/NAME.py:
`# %% [markdown]` starts a markdown cell (its lines start with '# '), `# %%` a code
cell, optionally followed by JSON metadata, e.g. `# %% {"training": {"check_epochs": 1}}`.

A code cell `# %% {"code": "chapter5.lenet:lenet"}` holds the source of those
definitions (comma-separated names: functions, classes or assignments, each with
the comment lines above it) as the module writes them, followed by the cell's own
lines: the notebook shows the book layer's code itself, for the learner to edit and
re-run, and a notebook whose cell and module differ fails its check. A cell marked
`{"long": "..."}` (the book's recipe for a big network: hours here) is stored
without outputs and not run by `build` or `check`; the learner runs it.

    python tools/notebooks.py build [NAME ...]   # source -> notebooks/NAME.ipynb, executed
    python tools/notebooks.py check [NAME ...]   # execute afresh, compare with the stored one
    python tools/notebooks.py spread NAME [0,1,2,3,4]   # measure its training cells' noise here

A check compares every code cell's outputs: exactly, once times and MXNet's
C++ log lines are masked; a training cell (`{"training": ...}`) trains its
`check_epochs` and its epoch lines are compared with the band measured over seeds
and CPU kinds, never with the stored run's digits (tools/training_cells.py); a cell marked
`{"measured": true}` (an exercise's timing, memory or short training) by its form, every
number masked: its values are the tests' business.
"""
import ast
import importlib
import inspect
import json
import os
import re
import sys

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import training_cells  # noqa: E402  (tools/training_cells.py, beside this file)

NOTEBOOKS = os.path.join(HERE, '..', 'notebooks')
SOURCES = os.path.join(NOTEBOOKS, 'src')
TIMEOUT = 1800  # seconds a cell may take: the from-scratch BN-LeNet recipe takes about 5 minutes

EPOCH = training_cells.EPOCH
MASKS = [
    (re.compile(r'time \d+\.\d sec'), 'time <masked> sec'),
    # CPU-only MXNet logs this from C++ with a timestamp whenever try_gpu() probes
    (re.compile(r'^\[\d\d:\d\d:\d\d\] \S+imperative_utils\.h:\d+: GPU support is disabled.*\n?', re.M), ''),
    # ipykernel 7 warns on its stderr, into whichever cell runs at the time
    (re.compile(r'^\[IPKernelApp\] WARNING \| Kernel is running over TCP.*\n?', re.M), ''),
]


def names():
    return sorted((f[:-3] for f in os.listdir(SOURCES) if f.endswith('.py')),
                  key=lambda n: [int(p) for p in n.split('-')[0].split('.')])


def definitions(spec):
    """The source of 'module:name,name,...' as the module writes it, with the comments above each."""
    module_name, names = spec.split(':')
    text = inspect.getsource(importlib.import_module(module_name))
    lines = text.splitlines()
    nodes = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            nodes[node.name] = node
        for target in getattr(node, 'targets', []):
            if isinstance(target, ast.Name):
                nodes[target.id] = node
    parts = []
    for name in names.split(','):
        if name not in nodes:
            raise ValueError('%s defines no %r at its top level' % (module_name, name))
        node = nodes[name]
        start = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith('#'):
            start -= 1
        parts.append('\n'.join(lines[start:node.end_lineno]))
    return '\n\n\n'.join(parts)


def parse(name):
    """The notebook of notebooks/src/NAME.py, without outputs."""
    with open(os.path.join(SOURCES, name + '.py'), encoding='utf-8') as f:
        text = f.read()
    cells = []
    for chunk in re.split(r'^(?=# %%)', text, flags=re.M):
        if not chunk.startswith('# %%'):
            continue
        header, _, body = chunk.partition('\n')
        body = body.strip('\n')
        if header.startswith('# %% [markdown]'):
            lines = [line[2:] if line.startswith('# ') else line.lstrip('#') for line in body.splitlines()]
            cells.append(nbformat.v4.new_markdown_cell('\n'.join(lines)))
        else:
            meta = header[len('# %%'):].strip()
            meta = json.loads(meta) if meta else {}
            if 'code' in meta:
                body = definitions(meta['code']) + ('\n\n' + body if body else '')
            cells.append(nbformat.v4.new_code_cell(body, metadata=meta))
    for i, cell in enumerate(cells):
        cell.id = 'cell-%02d' % i  # stable: a rebuilt notebook differs only where it changed
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    nb.metadata['language_info'] = {'name': 'python'}
    return nb


def execute(nb, budget=False, seed=None):
    """Run the notebook top to bottom in a fresh kernel, in notebooks/; `long` cells are not run.

    `budget`: the training cells train their `check_epochs`, and seed with `seed` if given
    (training_cells.shorten). The cells' sources are given back as they were."""
    from nbclient import NotebookClient
    long = {i: cell.source for i, cell in enumerate(nb.cells) if cell.metadata.get('long')}
    for i in long:
        nb.cells[i].source = ''
    trained = training_cells.shorten(nb.cells, seed) if budget else {}
    try:
        NotebookClient(nb, timeout=TIMEOUT, kernel_name='python3',
                       resources={'metadata': {'path': NOTEBOOKS}}).execute()
    finally:
        for i, source in trained.items():
            nb.cells[i].source = source
        for i, source in long.items():
            nb.cells[i].source = source
            nb.cells[i].outputs = []
            nb.cells[i].execution_count = None
    return nb


def path_of(name):
    return os.path.join(NOTEBOOKS, name + '.ipynb')


def build(name):
    nb = execute(parse(name))
    where = training_cells.provenance(training_cells.session())
    for cell in nb.cells:  # keep the stored notebook free of run-specific noise
        if cell.cell_type == 'code':
            cell.metadata.pop('execution', None)
            cell.outputs = [out for out in cell.outputs
                            if out.output_type != 'stream' or mask(out.text)]
        if 'training' in cell.metadata:  # a recorded run says when and on what CPU it was recorded
            cell.outputs.append(nbformat.v4.new_output('display_data', data={'text/plain': where},
                                                       metadata={training_cells.PROVENANCE: True}))
    write_whole(nb, path_of(name))


def write_whole(nb, path):
    """Write the notebook to `path` whole or not at all."""
    tmp = path + '.tmp'
    nbformat.write(nb, tmp)
    os.replace(tmp, path)


def mask(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def outputs(cell):
    """A code cell's outputs as comparable strings; a stream's pieces joined (where the kernel splits
    a cell's printing into several outputs depends on timing)."""
    result, stream = [], None
    for out in cell.get('outputs', []):
        if out.output_type == 'stream':
            text = mask(out.text)
            if text and stream == out.name:
                result[-1] += text
            elif text:
                result.append('%s: %s' % (out.name, text))
                stream = out.name
            continue
        stream = None
        if out.get('metadata', {}).get(training_cells.PROVENANCE):
            continue  # when and where the stored run was recorded: not an output of the code
        if out.output_type in ('execute_result', 'display_data'):
            data = out.get('data', {})
            kinds = sorted(k for k in data if k.startswith('image/'))  # pictures: by kind only
            result.append('%s %s' % (', '.join(kinds), mask(data.get('text/plain', ''))))
        elif out.output_type == 'error':
            result.append('error: %s: %s' % (out.ename, out.evalue))
    return result


NUMBER = re.compile(r'[-+]?\d+(\.\d*)?(e[+-]?\d+)?')


def form(lines):
    """Outputs with every number (and sign) masked and white space dropped: printed arrays pad
    their columns to the widest number."""
    return [''.join(NUMBER.sub('<n>', line).split()) for line in lines]


def compare_training(name, cell, stored, fresh, spread):
    """Problems with a training cell: its epoch lines against the measured band and that it learned
    (training_cells.compare), its other lines exactly."""
    key = '%s/%s' % (name, cell.id)
    problems = training_cells.compare(key, cell.metadata['training'].get('check_epochs'), stored, fresh,
                                      spread)
    rest = [without_epochs(lines) for lines in (fresh, stored)]
    if rest[0] != rest[1]:
        problems.append('outputs differ besides the epoch lines:\n%s\n---\n%s' % tuple(rest))
    return problems


def without_epochs(lines):
    """Outputs with each run of epoch lines as one mark (a check trains fewer epochs than stored)."""
    return [re.sub(r'(<epoch>\n)*<epoch>', '<epochs>', EPOCH.sub('<epoch>', line)) for line in lines]


def check(name):
    """Problems found when the notebook runs afresh; [] when it matches the stored one."""
    stored = nbformat.read(path_of(name), as_version=4)
    expected = parse(name)
    problems = []
    stored_code = [c for c in stored.cells if c.cell_type == 'code']
    if [(c.cell_type, c.source) for c in stored.cells] != [(c.cell_type, c.source) for c in expected.cells]:
        problems.append('%s.ipynb differs from notebooks/src/%s.py: run `make notebooks`' % (name, name))
        return problems
    fresh = execute(expected, budget=True)
    fresh_code = [c for c in fresh.cells if c.cell_type == 'code']
    spread = training_cells.load_spread()
    for i, (old, new) in enumerate(zip(stored_code, fresh_code)):
        if 'training' in new.metadata:
            found = compare_training(name, new, outputs(old), outputs(new), spread)
        elif new.metadata.get('measured') and form(outputs(old)) != form(outputs(new)):
            found = ['stored:\n%s\nfresh:\n%s' % ('\n'.join(outputs(old)), '\n'.join(outputs(new)))]
        elif new.metadata.get('measured'):
            found = []
        elif outputs(old) != outputs(new):
            found = ['stored:\n%s\nfresh:\n%s' % ('\n'.join(outputs(old)), '\n'.join(outputs(new)))]
        else:
            found = []
        problems += ['%s, code cell %d (%s...): %s' % (name, i + 1, new.source[:40], p) for p in found]
    return problems


def spread(name, seeds, path=training_cells.SPREAD):
    """Run NAME's training cells at their check budget once per seed, here, and add the epoch lines
    to the measured spread (results/spread/notebooks.json, written whole)."""
    data = training_cells.load_spread(path)
    for seed in seeds:
        print('%s, seed %d' % (name, seed), flush=True)
        nb = execute(parse(name), budget=True, seed=seed)
        for cell in nb.cells:
            if 'training' in cell.metadata:
                epochs = training_cells.epochs_of(outputs(cell))
                run = dict(training_cells.session(), seed=seed, epochs=epochs)
                data['cells'].setdefault('%s/%s' % (name, cell.id), {'runs': []})['runs'].append(run)
                print('    %s: %s' % (cell.id, [(e['loss'], e['test_acc']) for e in epochs]), flush=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    training_cells.write_json(path, data)


def main(argv):
    if not argv or argv[0] not in ('build', 'check', 'spread'):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == 'spread':
        seeds = [int(s) for s in argv[2].split(',')] if len(argv) > 2 else [0, 1, 2, 3, 4]
        spread(argv[1], seeds)
        return 0
    selected = argv[1:] or names()
    unknown = sorted(set(selected) - set(names()))
    if unknown:
        print('unknown notebooks: %s; valid: %s' % (', '.join(unknown), ', '.join(names())), file=sys.stderr)
        return 2
    failed = 0
    for name in selected:
        if argv[0] == 'build':
            print('building %s.ipynb' % name, flush=True)
            build(name)
        else:
            problems = check(name)
            failed += bool(problems)
            print('%s  %s' % ('FAIL' if problems else 'PASS', name))
            for p in problems:
                print('    ' + p)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
