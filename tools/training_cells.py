"""The notebooks' training cells: how a check shortens them, how their noise is measured, how they
are compared.

A training cell (`# %% {"training": {...}}` in notebooks/src) runs the book's recipe through the
book's own `train_ch5`. Its trained numbers are not the same from machine to machine: one seed
gives other digits on an AVX2 CPU than on an AVX-512 one (oneDNN picks other kernels and sums in
another order), and at the BN-LeNets' learning rate of 1.0 those digits grow, by the fifth epoch,
into swings as wide as another seed's. So a fresh run is never compared with the stored run's
digits. It is compared with a band measured over seeds, CPU kinds and thread counts:

    results/spread/notebooks.json   per training cell ('5.10-batch-norm/training-2': the notebook's
                                    second training cell), the epoch lines of runs
                                    of that cell with seeds 0-4 on each kind, made by
                                    `python tools/notebooks.py spread NAME` (see `measure` below)

and must show that it learned. The rule (`bands`): for each epoch the check runs, the loss and the
test accuracy lie within the mean +- BAND_SDS standard deviations of the measured runs' values at
that epoch; and the last epoch's test accuracy is at least LEARNED_ACC (five times chance), its
loss below the loss of a uniform guess, ln 10.

`{"training": {"check_epochs": 1}}` makes the check train that many epochs (the least that still
shows learning: BatchNorm's first epoch is far above chance, plain LeNet's is not): every
assignment to `num_epochs` in the notebook's training cells is rewritten to it (`budgeted`), the
stored source and outputs untouched. The stored notebook keeps the whole recorded run, with the date
and CPU it was recorded on (`provenance`).
"""
import ast
import datetime
import json
import math
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPREAD = os.path.join(HERE, '..', 'results', 'spread', 'notebooks.json')
sys.path.insert(0, os.path.join(HERE, '..'))

BAND_SDS = 4  # the band's half-width in standard deviations of the measured runs
LEARNED_ACC = 0.5  # a last epoch at or above five times chance (0.1) has learned
UNIFORM_LOSS = math.log(10)  # the cross-entropy of a uniform guess over ten classes
QUANTITIES = ('loss', 'test_acc')  # train acc moves with the loss; the test accuracy is what the book reports
EPOCH = re.compile(r'epoch (\d+), loss (\S+), train acc (\S+), test acc (\S+), time \S+ sec')
PROVENANCE = 'chapter5_provenance'  # metadata key of the stored line saying when and where a run was recorded


class Budget(ast.NodeTransformer):
    """Rewrites `num_epochs = ...` (alone or in a tuple assignment) to `epochs`, and the seeds of
    `mx.random.seed(...)` / `np.random.seed(...)` to `seed`; counts what it rewrote."""

    def __init__(self, epochs=None, seed=None):
        self.epochs, self.seed = epochs, seed
        self.rewritten = {'num_epochs': 0, 'seed': 0}

    def visit_Assign(self, node):
        if self.epochs is None:
            return node
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == 'num_epochs':
                node.value = ast.Constant(self.epochs)
                self.rewritten['num_epochs'] += 1
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for i, element in enumerate(target.elts):
                    if isinstance(element, ast.Name) and element.id == 'num_epochs':
                        node.value.elts[i] = ast.Constant(self.epochs)
                        self.rewritten['num_epochs'] += 1
        return node

    def visit_Call(self, node):
        func = node.func
        if (self.seed is not None and isinstance(func, ast.Attribute) and func.attr == 'seed'
                and isinstance(func.value, ast.Attribute) and func.value.attr == 'random'):
            node.args = [ast.Constant(self.seed)]
            self.rewritten['seed'] += 1
        return self.generic_visit(node)


def budgeted(source, epochs=None, seed=None):
    """(`source` with its epochs and seeds rewritten, the counts of what was rewritten)."""
    budget = Budget(epochs, seed)
    tree = ast.fix_missing_locations(budget.visit(ast.parse(source)))
    return ast.unparse(tree), budget.rewritten


def shorten(cells, seed=None):
    """Rewrite the training cells of a notebook in place for a check (their `check_epochs`) or a
    measurement (`seed`); returns {index: original source}. Refuses a budget it could not apply."""
    training = [(i, c) for i, c in enumerate(cells) if c.cell_type == 'code' and 'training' in c.metadata]
    epochs = {c.metadata['training'].get('check_epochs') for _, c in training} - {None}
    if len(epochs) > 1:
        raise ValueError('training cells of one notebook share num_epochs: one check_epochs, not %s' % epochs)
    epochs = epochs.pop() if epochs else None
    originals, assigned = {}, 0
    for i, cell in training:
        originals[i] = cell.source
        cell.source, rewritten = budgeted(cell.source, epochs, seed)
        assigned += rewritten['num_epochs']
        if seed is not None and not rewritten['seed']:
            raise ValueError('training cell %d does not seed with mx.random.seed / np.random.seed: '
                             'cannot measure it' % i)
    if epochs is not None and not assigned:
        raise ValueError('check_epochs is %d but no training cell assigns num_epochs' % epochs)
    return originals


def epochs_of(lines):
    """The epoch lines in a cell's outputs: [{'epoch', 'loss', 'train_acc', 'test_acc'}, ...]."""
    return [{'epoch': int(e), 'loss': float(loss), 'train_acc': float(train), 'test_acc': float(test)}
            for e, loss, train, test in EPOCH.findall('\n'.join(lines))]


def load_spread(path=SPREAD):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        return {'cells': {}}


def write_json(path, data):
    """Write `data` to `path` whole: a temporary file, fsynced, renamed over it, the folder fsynced."""
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write('\n')
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    folder = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def bands(runs, epoch):
    """{quantity: (low, high, n)} at `epoch` from the measured runs: mean +- BAND_SDS sd."""
    result = {}
    for quantity in QUANTITIES:
        values = [r['epochs'][epoch - 1][quantity] for r in runs if len(r['epochs']) >= epoch]
        if len(values) < 3:
            continue
        mean, sd = statistics.mean(values), statistics.stdev(values)
        result[quantity] = (mean - BAND_SDS * sd, mean + BAND_SDS * sd, len(values))
    return result


def compare(key, budget, stored, fresh, spread):
    """Problems of a fresh training cell against the stored one and the measured band.

    `key` names the cell in the spread ('5.10-batch-norm/training-2'); `budget` is the number of
    epochs the check trained (None: all the stored ones)."""
    stored_epochs, fresh_epochs = epochs_of(stored), epochs_of(fresh)
    expected = [e['epoch'] for e in stored_epochs][:budget]
    if not expected or [e['epoch'] for e in fresh_epochs] != expected:
        return ['epochs %s, expected %s' % ([e['epoch'] for e in fresh_epochs], expected)]
    problems = []
    last = fresh_epochs[-1]
    if not all(math.isfinite(e['loss']) for e in fresh_epochs):
        problems.append('a loss is not finite: %s' % fresh_epochs)
    elif not (last['test_acc'] >= LEARNED_ACC and last['loss'] < UNIFORM_LOSS):
        problems.append('did not learn: epoch %d, loss %.4f, test acc %.3f (needs >= %.1f and a loss below '
                        '%.3f)' % (last['epoch'], last['loss'], last['test_acc'], LEARNED_ACC, UNIFORM_LOSS))
    runs = spread.get('cells', {}).get(key, {}).get('runs', [])
    for e in fresh_epochs:
        found = bands(runs, e['epoch'])
        if set(found) != set(QUANTITIES):
            problems.append('no measured spread for %s at epoch %d (%d runs): run `python tools/notebooks.py '
                            'spread %s`' % (key, e['epoch'], len(runs), key.split('/')[0]))
            break
        for quantity, (low, high, n) in found.items():
            if not low <= e[quantity] <= high:
                problems.append('epoch %d: %s %s outside [%.4f, %.4f], the mean +- %d sd of %d measured runs'
                                % (e['epoch'], quantity, e[quantity], low, high, BAND_SDS, n))
    return problems


def provenance(session):
    """The stored line under a recorded training cell: when, on what CPU, with how many threads."""
    return ('（以上输出记录于 %s，%s，%s，OMP_NUM_THREADS=%s，MXNet %s）'
            % (session['date'], session['cpu'], session['isa'], session['threads'], session['mxnet']))


def session():
    """Where this process runs: the fields `provenance` and a measured run record need."""
    from importlib.metadata import version

    from chapter5.engine.cpu import record
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=HERE, capture_output=True, text=True)
    return dict(record(), date=datetime.date.today().isoformat(), commit=commit.stdout.strip() or None,
                threads=os.environ.get('OMP_NUM_THREADS', 'default'), mxnet=version('mxnet'))
