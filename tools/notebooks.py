"""Build, execute and check the notebooks.

Each notebook is written as a percent-format source in notebooks/src/NAME.py:
`# %% [markdown]` starts a markdown cell (its lines start with '# '), `# %%` a code
cell, optionally followed by JSON metadata, e.g. `# %% {"training": {"check_epochs": 1}}`.

A code cell `# %% {"code": "chapter5.lenet:lenet"}` holds the source of those
definitions (comma-separated names: functions, classes or assignments, each with
the comment lines above it) as the module writes them, followed by the cell's own
lines: the notebook shows the book layer's code itself, for the learner to edit and
re-run, and a notebook whose cell and module differ fails its check. A cell
`# %% {"exercises": "5.8", "measured": [...]}` becomes the whole 练习 part, generated from
chapter5/exercises/ (tools/exercise_cells.py).

Every notebook gets, after its first markdown cell, the set-up cell (chapter5 and MXNet installed
where they are missing, as in Colab; nothing in the project's venv) and the Run-All switch:
`RUN_LONG = False` and
`%load_ext chapter5.nbtools`, with its Run-All time measured here (notebooks/run-all.json, which
`build` rewrites). A cell marked `{"long": "how long it takes here"}` (the book's recipe for a big
network, an exercise's full answer) starts with `%%long ...`: it trains only when RUN_LONG is True,
so `build`, `check` and a learner's Run All run it as one line saying what it skipped.

    python tools/notebooks.py build [NAME ...]   # source -> notebooks/NAME.ipynb, executed
    python tools/notebooks.py check [NAME ...]   # execute afresh, compare with the stored one
    python tools/notebooks.py spread NAME [0,1,2,3,4]   # measure its training cells' noise here
    python tools/notebooks.py times              # the Run-All times table (docs/notebooks.md)
    python tools/notebooks.py colab-times [NAME ...]   # Run All under the Colab proxy (1 thread, AVX2)

A check compares every code cell's outputs: exactly, once times and MXNet's
C++ log lines are masked; a training cell (`{"training": ...}`) trains its
`check_epochs` and its epoch lines are compared with the band measured over seeds
and CPU kinds, never with the stored run's digits (tools/training_cells.py); a cell marked
`{"measured": true}` (an exercise's timing, memory or short training) by its form, every
number masked: its values are the tests' business.
"""
import json
import os
import re
import sys
import time

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import exercise_cells  # noqa: E402  (tools/, beside this file)
import module_source  # noqa: E402
import training_cells  # noqa: E402

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
    # numpy 2 prints a numpy scalar with its type (NEP 51): np.True_ and np.float32(0.5) are the
    # True and 0.5 numpy 1 printed (docs/pythons.md); the value is compared, not the spelling
    (re.compile(r'\bnp\.(True|False)_'), r'\1'),
    (re.compile(r'\bnp\.(?:float|int|uint|complex)(?:16|32|64|128)\(([^()]*)\)'), r'\1'),
]


def names():
    return sorted((f[:-3] for f in os.listdir(SOURCES) if f.endswith('.py')),
                  key=lambda n: [int(p) for p in n.split('-')[0].split('.')])


def definitions(spec):
    """The source of 'module:name,name,...' as the module writes it (module_source.definitions)."""
    return module_source.definitions(spec)


RUN_ALL = os.path.join(NOTEBOOKS, 'run-all.json')  # {name: Run-All seconds here, and on what}
# the same under a proxy of Colab's CPU (one AVX2 core with hyperthreading, no AVX-512): one thread,
# oneDNN held to AVX2 on this machine; a proxy, not Colab's clock (docs/colab.md)
RUN_ALL_COLAB = os.path.join(NOTEBOOKS, 'run-all-colab.json')
COLAB_PROXY = {'OMP_NUM_THREADS': '1', 'DNNL_MAX_CPU_ISA': 'AVX2'}


def switch_cell(name):
    """The Run-All switch, with the notebook's Run-All time as last measured here."""
    measured = exercise_cells.load_json(RUN_ALL, {}).get(name)
    if measured:
        took = '本机实测约 %.0f 秒（%s，%s，%s）' % (measured['seconds'], measured['date'], measured['cpu'],
                                            measured['isa'])
    else:
        took = '尚未在本机测量'
    colab = exercise_cells.load_json(RUN_ALL_COLAB, {}).get(name)
    if colab:
        took += ('；Colab 的代理（本机单线程、oneDNN 限于 AVX2，%s）约 %.0f 秒'
                 % (colab['date'], colab['seconds']))
    return nbformat.v4.new_code_cell(
        '# 运行全部（Run All）的开关。RUN_LONG = False 时，以 %%%%long 开头的单元格（书中大网络的完整配方、'
        '练习的完整答案，\n# 在本机要几分钟到几小时）不训练，只打印一行说明；'
        '改成 True 再运行全部，它们就会训练。\n'
        '# RUN_LONG = False 时运行全部：%s（docs/notebooks.md）。\n'
        'RUN_LONG = False\n%%load_ext chapter5.nbtools' % took)


SETUP_CELL = '''\
# 在 Colab 或自己已有的 Python 环境中打开时，先运行这个单元格：
# 它安装 chapter5 和 MXNet 1.9.1、取得 Fashion-MNIST，都只在缺少时进行；
# 在 make demo 建好的 .venv 里它什么也不做（docs/colab.md）。
import importlib.util, os, sys
if importlib.util.find_spec("chapter5") is None:
    CHAPTER5 = os.environ.get("CHAPTER5_SOURCE", "%s")
    if not CHAPTER5:
        raise SystemExit("chapter5 的公开地址尚未设置（chapter5/__init__.py 的 REPOSITORY）："
                         "请把环境变量 CHAPTER5_SOURCE 设为 chapter5 的源代码"
                         "（文件夹、压缩包或 git+https 地址）")
    %%pip install --quiet "{CHAPTER5}"
if importlib.util.find_spec("mxnet") is None:  # 它声明 numpy<2：在 numpy 2 上不带依赖安装
    %%pip install --quiet --no-deps mxnet==1.9.1
import chapter5  # 让 MXNet 1.9.1 在 numpy 2 上可用（启动钩子），刚装好也不必重启内核
from subprocess import run
if run([sys.executable, "-m", "chapter5", "data"], capture_output=True).returncode:  # 没有 Debian 的数据包
    run([sys.executable, "-m", "chapter5", "data", "--download"], check=True)'''


def install_spec(repository):
    """What the first cell gives pip for chapter5 outside the project's venv ('' while unpublished)."""
    return 'chapter5 @ git+https://github.com/%s' % repository if repository else ''


def setup_cell():
    """The first code cell: in Colab or an environment of the learner's own, install chapter5 and
    MXNet 1.9.1 and get Fashion-MNIST, each only when missing; in the project's venv it does nothing
    and prints nothing. `import chapter5` runs the start-up hook in the running kernel, so MXNet works
    on numpy 2 without a restart."""
    from chapter5 import REPOSITORY
    return nbformat.v4.new_code_cell(SETUP_CELL % install_spec(REPOSITORY))


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
            if 'exercises' in meta:
                cells += exercise_cells.cells(meta)
                continue
            if 'code' in meta:
                body = definitions(meta['code']) + ('\n\n' + body if body else '')
            cells.append(nbformat.v4.new_code_cell(body, metadata=meta))
    cells.insert(1, setup_cell())
    cells.insert(2, switch_cell(name))
    for cell in cells:
        if cell.cell_type == 'code' and 'long' in cell.metadata:
            cell.source = '%%%%long %s\n%s' % (cell.metadata['long'], cell.source)
    for i, cell in enumerate(cells):
        cell.id = 'cell-%02d' % i  # stable: a rebuilt notebook differs only where it changed
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
    nb.metadata['language_info'] = {'name': 'python'}
    return nb


def execute(nb, budget=False, seed=None, kernel_name='python3'):
    """Run the notebook top to bottom in a fresh kernel, in notebooks/, as Run All with RUN_LONG =
    False (each `long` cell prints the line that says it was skipped).

    `budget`: the training cells train their `check_epochs`, and seed with `seed` if given
    (training_cells.shorten), and the exercises' quick runs (`quick` cells) are left out: every answer
    runs at its quick budget with the notebook's own definitions in tests/test_exercise_cells.py.
    The cells' sources are given back as they were. `kernel_name`: another kernel (make colab-check
    runs one of a Colab-like venv)."""
    from nbclient import NotebookClient
    trained = training_cells.shorten(nb.cells, seed) if budget else {}
    if budget:
        for i, cell in enumerate(nb.cells):
            if cell.metadata.get('quick'):
                trained[i], cell.source = cell.source, ''
    try:
        NotebookClient(nb, timeout=TIMEOUT, kernel_name=kernel_name,
                       resources={'metadata': {'path': NOTEBOOKS}}).execute()
    finally:
        for i, source in trained.items():
            nb.cells[i].source = source
    return nb


def path_of(name):
    return os.path.join(NOTEBOOKS, name + '.ipynb')


def build(name):
    start = time.time()
    nb = execute(parse(name))
    record_run_all(name, time.time() - start)
    nb.cells[2].source = switch_cell(name).source  # the time just measured
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


def record_run_all(name, seconds, path=RUN_ALL):
    """Keep NAME's Run-All time (a fresh kernel, RUN_LONG = False) in notebooks/run-all.json (or
    `path`)."""
    data = exercise_cells.load_json(path, {})
    session = training_cells.session()
    data[name] = {'seconds': round(seconds), 'date': session['date'], 'cpu': session['cpu'],
                  'isa': session['isa'], 'threads': session['threads']}
    training_cells.write_json(path, data)


def colab_time(name):
    """Run All of NAME under the Colab proxy (COLAB_PROXY), kept in notebooks/run-all-colab.json; the
    stored notebook is not touched (`build` puts the time into its switch cell)."""
    saved = {k: os.environ.get(k) for k in COLAB_PROXY}
    os.environ.update(COLAB_PROXY)
    try:
        start = time.time()
        execute(parse(name))
        record_run_all(name, time.time() - start, RUN_ALL_COLAB)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def times_table(path=RUN_ALL, colab_path=RUN_ALL_COLAB):
    """The Markdown table of every notebook's Run-All time (notebooks/run-all.json) and under the Colab
    proxy (run-all-colab.json), for docs/notebooks.md."""
    from chapter5.engine.tables import markdown_table
    data, colab = exercise_cells.load_json(path, {}), exercise_cells.load_json(colab_path, {})
    rows = [[name, '%d' % m['seconds'], m['date'], '%s, %s' % (m['cpu'], m['isa']), m['threads'],
             '%d (%s, %s)' % (colab[name]['seconds'], colab[name]['date'], colab[name]['cpu'])
             if name in colab else '-']
            for name, m in ((name, data[name]) for name in names() if name in data)]
    return markdown_table(['notebook', 'Run All (s)', 'date', 'CPU', 'OMP_NUM_THREADS',
                           'Colab proxy: 1 thread, AVX2 (s)'], rows)


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


def spread_key(name, cells, cell):
    """The name of a training cell in the measured spread: 'NAME/training-N', N counting the
    notebook's training cells from 1, so that cells added elsewhere do not orphan the measurements."""
    training = [c for c in cells if 'training' in c.metadata]
    return '%s/training-%d' % (name, training.index(cell) + 1)


def compare_training(name, key, cell, stored, fresh, spread):
    """Problems with a training cell (`key` in the spread): its epoch lines against the measured band
    and that it learned (training_cells.compare), its other lines exactly."""
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
        if new.metadata.get('quick'):
            found = []  # not run by a check (execute): tests/test_exercise_cells.py runs them
        elif 'training' in new.metadata:
            key = spread_key(name, fresh.cells, new)
            found = compare_training(name, key, new, outputs(old), outputs(new), spread)
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
                data['cells'].setdefault(spread_key(name, nb.cells, cell), {'runs': []})['runs'].append(run)
                print('    %s: %s' % (cell.id, [(e['loss'], e['test_acc']) for e in epochs]), flush=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    training_cells.write_json(path, data)


def main(argv):
    if not argv or argv[0] not in ('build', 'check', 'spread', 'times', 'colab-times'):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == 'times':
        print(times_table(), end='')
        return 0
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
        elif argv[0] == 'colab-times':
            print('%s under the Colab proxy' % name, flush=True)
            colab_time(name)
        else:
            problems = check(name)
            failed += bool(problems)
            print('%s  %s' % ('FAIL' if problems else 'PASS', name))
            for p in problems:
                print('    ' + p)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
