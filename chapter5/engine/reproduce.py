"""Reproduce the chapter's training runs: per-epoch logs, curves, whole checkpoints, resume, results.

`run_recipe` trains one recipe into OUT/MODEL/ (the layout results/README.md documents):
    settings.json     the run: model, the recipe as trained, profile, seed, and each session that
                      trained it (date, machine, CPU model and ISA, threads, MXNet, chapter5 and its commit)
    log.jsonl         one JSON object per epoch: epoch, loss, train_acc, test_acc, seconds, and
                      `paused` (seconds, when it was paused with kill -TSTP; not in `seconds`)
    train.log         the book's printed lines
    curve.png         loss and both accuracies per epoch
    summary.json      the last epoch against the book's result (when the run is done)
    checkpoint.json   the commit mark: the last whole epoch's folder, written last
    checkpoints/epoch-N/  that epoch's parameters, trainer state and log, with their sha256s

An epoch is committed in three steps: its folder is written under a temporary name and renamed,
then checkpoint.json is replaced (a rename, so it is whole) to point at it, and only then is the
previous epoch's folder removed. A kill at any moment leaves checkpoint.json naming a whole
folder, or no checkpoint.json before the first epoch is done. `write_results` gathers every
OUT/*/summary.json into OUT/results.md and OUT/results.json.

With a seed, each epoch starts by seeding MXNet, numpy and Python with seed + epoch: a run
stopped at any moment and resumed repeats the uninterrupted run's epochs.

`kill -TSTP PID` pauses a run (`kill -CONT PID` goes on) without counting the pause in its
seconds (chapter5.engine.pause): that is how a long run makes room for a benchmark or the tests.
"""
import hashlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time

from chapter5 import __version__, get_model
from chapter5.engine import cpu
from chapter5.engine.pause import PauseClock

# The nine runs the book documents, in its order
BOOK_RUNS = ('lenet', 'alexnet', 'vgg11_small', 'nin', 'googlenet', 'lenet_bn_scratch', 'lenet_bn',
             'resnet18', 'densenet')
PROFILES = ('book', 'cpu')
CPU_RESIZE = 96  # the cpu profile's input size for the 224x224 recipes (the book's VGG exercise)
BAND = 0.02  # a run passes at the book's test accuracy minus this, or better
LOG_FIELDS = {'epoch': int, 'loss': float, 'train_acc': float, 'test_acc': float, 'seconds': float}
# seconds the epoch was paused (kill -TSTP), left out of its `seconds`; absent in logs made before
PAUSED = 'paused'
# what a checkpoint must have been trained with to be resumed with these options
RECIPE_FIELDS = ('model', 'profile', 'seed', 'lr', 'batch_size', 'resize', 'num_epochs', 'num_train',
                 'num_test')


class CheckpointError(RuntimeError):
    """A run folder that cannot be resumed or written; the message says why and what to do."""


def profile_overrides(name, profile):
    """The recipe changes a profile makes: `cpu` trains the 224x224 recipes at 96x96."""
    if profile not in PROFILES:
        raise ValueError('unknown profile %r; use one of %s' % (profile, ', '.join(PROFILES)))
    resize = get_model(name).recipe.resize
    return {'resize': CPU_RESIZE} if profile == 'cpu' and resize and resize > CPU_RESIZE else {}


def _save_whole(path, save):
    """Call `save(temporary path)`, then rename the file to `path`: it is whole or absent."""
    tmp = path + '.tmp'
    save(tmp)
    os.replace(tmp, path)


def _write(path, text):
    """Write `text` to `path` whole."""
    def save(tmp):
        with open(tmp, 'w') as f:
            f.write(text)
    _save_whole(path, save)


def _sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def seed_everything(seed):
    """Seed MXNet, numpy and Python's random."""
    import mxnet as mx
    import numpy as np
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def epoch_seeder(seed):
    """What reseeds each epoch with seed + epoch (an `epoch_start` for the loop), or None without a seed."""
    return None if seed is None else lambda epoch: seed_everything(seed + epoch)


def has_checkpoint(out, name):
    """Whether `out`/`name`/ holds a committed checkpoint."""
    return os.path.exists(os.path.join(out, name, 'checkpoint.json'))


def has_run(out, name):
    """Whether `out`/`name`/ holds anything of a run (files a fresh start would overwrite)."""
    folder = os.path.join(out, name)
    return os.path.isdir(folder) and bool(os.listdir(folder))


def check_out(out):
    """Refuse, with what to do, an output folder that is a file or cannot be written."""
    path = os.path.abspath(out)
    while not os.path.exists(path):
        path = os.path.dirname(path)
    if not os.path.isdir(path):
        raise CheckpointError('--out %s: %s is a file, not a folder; name a folder' % (out, path))
    if not os.access(path, os.W_OK | os.X_OK):
        raise CheckpointError('--out %s: %s cannot be written here; name a folder you can write to'
                              % (out, path))


class _Progress:
    """The training batches with a tqdm bar per epoch."""

    def __init__(self, data, desc):
        self.data, self.desc = data, desc

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        from tqdm import tqdm
        return iter(tqdm(self.data, total=len(self.data), desc=self.desc, leave=False, unit='batch'))


def _read_json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise CheckpointError('%s is missing: %s' % (path, what)) from None
    except (OSError, ValueError) as e:
        raise CheckpointError('%s is damaged (%s): %s' % (path, e, what)) from None


def read_log(path, what='rerun without --resume and with --overwrite to start afresh'):
    """The records of a log.jsonl, each checked to have the fields of LOG_FIELDS with their types."""
    records = []
    try:
        with open(path) as f:
            lines = [line for line in f if line.strip()]
    except FileNotFoundError:
        raise CheckpointError('%s is missing: %s' % (path, what)) from None
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
            ok = isinstance(record, dict) and all(isinstance(record.get(k), (int, float)) and
                                                  not isinstance(record.get(k), bool) for k in LOG_FIELDS)
        except ValueError:
            ok = False
        if not ok:
            raise CheckpointError('%s is damaged at line %d (each line must be a JSON object with %s): %s'
                                  % (path, number, ', '.join(LOG_FIELDS), what))
        records.append({k: kind(record[k]) for k, kind in LOG_FIELDS.items()})
        if isinstance(record.get(PAUSED), (int, float)) and record[PAUSED] > 0:
            records[-1][PAUSED] = float(record[PAUSED])
    return records


def _checkpoint_folder(folder, pointer):
    """The epoch folder that checkpoint.json names, its meta checked field by field and file by file."""
    fix = 'rerun without --resume and with --overwrite to start afresh'
    where = os.path.join(folder, 'checkpoint.json')
    if not isinstance(pointer, dict) or not isinstance(pointer.get('epoch'), int) or \
            isinstance(pointer.get('epoch'), bool) or pointer['epoch'] < 1 or \
            pointer.get('folder') != 'checkpoints/epoch-%d' % pointer['epoch']:
        raise CheckpointError('%s is damaged: it needs "epoch" (a whole number >= 1) and "folder" '
                              '(checkpoints/epoch-N); %s' % (where, fix))
    epoch_folder = os.path.join(folder, pointer['folder'])
    meta = _read_json(os.path.join(epoch_folder, 'meta.json'), fix)
    files = meta.get('files') if isinstance(meta, dict) else None
    if not isinstance(files, dict) or set(files) - {'moving'} != {'params', 'states', 'log'} or \
            not all(isinstance(v, str) for v in files.values()) or not isinstance(meta.get('recipe'), dict):
        raise CheckpointError('%s is damaged: it needs "recipe" and the sha256 of params, states and log '
                              '(and moving, for a from-scratch BatchNorm); %s'
                              % (os.path.join(epoch_folder, 'meta.json'), fix))
    for name, digest in files.items():
        path = os.path.join(epoch_folder, name)
        if not os.path.exists(path) or _sha256(path) != digest:
            raise CheckpointError('damaged checkpoint: %s is missing or does not match its sha256 in '
                                  'meta.json; %s' % (path, fix))
    return epoch_folder, meta


def _differences(saved, wanted):
    """The recipe fields whose values differ, as 'lr 0.5 (checkpoint) against 0.9 (now)'."""
    return ['%s %s (checkpoint) against %s (now)' % (k, saved.get(k), wanted[k])
            for k in RECIPE_FIELDS if saved.get(k) != wanted[k]]


def _git_commit(here):
    """The checkout's commit, '+changes' when its tracked code differs from it; None outside git.

    What a run writes itself under results/ (the tables, when --out is there) is not a change of
    the code that trained it, so it does not count.
    """
    try:
        commit = subprocess.run(['git', '-C', here, 'rev-parse', 'HEAD'], capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
        changed = subprocess.run(['git', '-C', here, 'status', '--porcelain', '--untracked-files=no',
                                  '--', '.', ':(exclude)results'],
                                 capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if commit and changed:
        commit += '+changes'  # trained from a working tree with uncommitted changes
    return commit


def _session():
    """Where and how this process trains: date, machine, CPU and ISA, threads, versions, commit."""
    from importlib.metadata import version
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {'started': time.strftime('%Y-%m-%d %H:%M:%S %z'), 'machine': platform.machine(),
            **cpu.record(), 'cores': os.cpu_count(),
            'threads': os.environ.get('OMP_NUM_THREADS', "MXNet's default"),
            'python': platform.python_version(), 'mxnet': version('mxnet'), 'chapter5': __version__,
            'commit': _git_commit(here)}


def _check_folder(out, name, resume, overwrite):
    if has_run(out, name) and not resume and not overwrite:
        raise CheckpointError('%s already holds a run: pass --resume to go on with it, or --overwrite to '
                              'start afresh' % os.path.join(out, name))


def run_recipe(name, out, *, profile='book', seed=None, resume=False, overwrite=False, progress=None,
               **overrides):
    """Train the recipe of model `name` into `out`/`name`/, resuming when asked.

    `overrides` change the recipe as in `recipes.prepare` (num_epochs, lr, batch_size,
    resize, num_train, num_test, ctx, root). A folder that already holds a run is
    refused unless `resume` (go on from its last whole checkpoint, made with the same
    recipe, seed and profile; none yet: start afresh) or `overwrite` (start afresh).
    `progress=None` shows a progress bar when standard output is a terminal. Returns
    the whole run's per-epoch records (dicts) and writes the model's summary.json.
    """
    from chapter5.engine.loop import train
    from chapter5.engine.recipes import prepare
    check_out(out)
    overrides = {**profile_overrides(name, profile), **overrides}
    folder = os.path.join(out, name)
    # one of several workers (a dist_* kvstore): only worker 0 writes; it is known once the
    # kvstore is up, so the folder is checked after prepare() there
    dist = str(overrides.get('kvstore') or '').startswith('dist')
    if not dist:
        _check_folder(out, name, resume, overwrite)
    if seed is not None:
        seed_everything(seed)  # the initial parameters
    args = prepare(name, **overrides)
    chief = args.get('evaluate', True)
    if dist and chief:
        _check_folder(out, name, resume, overwrite)
    pointer = None
    if resume and has_checkpoint(out, name):
        pointer = _read_json(os.path.join(folder, 'checkpoint.json'),
                             'rerun without --resume and with --overwrite to start afresh')
    if chief:
        if overwrite and not resume and os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(os.path.join(folder, 'checkpoints'), exist_ok=True)
    recipe = dict(args['recipe'], model=name, profile=profile, seed=seed)
    records, start_epoch = [], 0
    settings = {'model': name, 'recipe': recipe, 'sessions': []}
    if pointer is not None:
        epoch_folder, meta = _checkpoint_folder(folder, pointer)
        different = _differences(meta['recipe'], recipe)
        if different:
            raise CheckpointError('the checkpoint in %s was made with another recipe: %s. Resume with the '
                                  "checkpoint's options, or start afresh with --overwrite"
                                  % (folder, '; '.join(different)))
        load_checkpoint(epoch_folder, meta, args['net'], args['ctx'], args['trainer'])
        records = read_log(os.path.join(epoch_folder, 'log'))
        if len(records) != pointer['epoch']:
            raise CheckpointError('damaged checkpoint: %s holds %d epochs, checkpoint.json says %d; '
                                  'rerun with --overwrite to start afresh'
                                  % (epoch_folder, len(records), pointer['epoch']))
        start_epoch = pointer['epoch']
        if os.path.exists(os.path.join(folder, 'settings.json')):
            settings = _read_json(os.path.join(folder, 'settings.json'), 'rerun with --overwrite')
    if not chief:  # a worker other than 0: trains its part, writes nothing; reseeded as worker 0 is,
        # so that every worker draws the same order of examples each epoch (their parts are disjoint)
        return train(**{k: v for k, v in args.items() if k != 'recipe'}, start_epoch=start_epoch,
                     epoch_start=epoch_seeder(seed))
    settings['sessions'] = settings.get('sessions', []) + [dict(_session(), from_epoch=start_epoch + 1)]
    _write(os.path.join(folder, 'settings.json'), json.dumps(settings, indent=1))
    _write_outputs(folder, name, profile, records)
    if progress is None:
        progress = sys.stdout.isatty()
    if progress:
        args['train_iter'] = _Progress(args['train_iter'], name)

    paused_before = [0.0]

    reseed = epoch_seeder(seed)

    def epoch_start(epoch):
        paused_before[0] = clock.paused
        if reseed:
            reseed(epoch)

    def epoch_end(result):
        records.append({k: kind(getattr(result, k)) for k, kind in LOG_FIELDS.items()})
        if clock.paused > paused_before[0]:
            records[-1][PAUSED] = round(clock.paused - paused_before[0], 1)
        _commit(folder, result.epoch, args['net'], args['trainer'], records, recipe)
        _write_outputs(folder, name, profile, records)

    with PauseClock() as clock:
        train(**{k: v for k, v in args.items() if k != 'recipe'}, start_epoch=start_epoch,
              epoch_start=epoch_start, epoch_end=epoch_end, clock=clock)
    book = get_model(name).recipe.book
    final = records[-1]
    summary = {
        'model': name, 'profile': profile, 'resize': recipe['resize'],
        'epochs': final['epoch'], 'loss': final['loss'], 'train_acc': final['train_acc'],
        'test_acc': final['test_acc'], 'book_test_acc': book.test_acc if book else None,
        'passed': bool(final['test_acc'] >= book.test_acc - BAND) if book else None,
        'seconds': sum(r['seconds'] for r in records), 'sessions': len(settings['sessions']),
        'paused_seconds': sum(r.get(PAUSED, 0.0) for r in records),
        'overrides': {k: v for k, v in overrides.items() if k not in ('ctx', 'root')}, 'seed': seed,
    }
    _write(os.path.join(folder, 'summary.json'), json.dumps(summary, indent=1))
    return records


def _commit(folder, epoch, net, trainer, records, recipe):
    """Write epoch `epoch`'s checkpoint folder whole, point checkpoint.json at it, drop the older ones."""
    checkpoints = os.path.join(folder, 'checkpoints')
    name = 'epoch-%d' % epoch
    partial = os.path.join(checkpoints, name + '.partial')
    shutil.rmtree(partial, ignore_errors=True)  # a partial folder left by a killed run
    os.makedirs(partial)
    net.save_parameters(os.path.join(partial, 'params'))
    trainer.save_states(os.path.join(partial, 'states'))
    with open(os.path.join(partial, 'log'), 'w') as f:
        f.write(''.join(json.dumps(r) + '\n' for r in records))
    kept = ('params', 'states', 'log') + (('moving',) if save_moving(os.path.join(partial, 'moving'), net)
                                          else ())
    files = {f: _sha256(os.path.join(partial, f)) for f in kept}
    with open(os.path.join(partial, 'meta.json'), 'w') as f:
        json.dump({'epoch': epoch, 'recipe': recipe, 'files': files}, f, indent=1)
    final = os.path.join(checkpoints, name)
    shutil.rmtree(final, ignore_errors=True)  # written by a run killed before it was committed
    os.rename(partial, final)
    _write(os.path.join(folder, 'checkpoint.json'),
           json.dumps({'epoch': epoch, 'folder': 'checkpoints/' + name}, indent=1))
    for old in os.listdir(checkpoints):  # committed: the earlier epochs' folders can go
        if old != name:
            shutil.rmtree(os.path.join(checkpoints, old), ignore_errors=True)


def save_moving(path, net):
    """Save the moving statistics of `net`'s from-scratch BatchNorms (5.10: Python state, not
    parameters, so save_parameters leaves them out) to `path`; False when it has none."""
    from mxnet import nd

    from chapter5.engine.twins import scratch_batch_norms
    moving = {'%s.%s' % (where, k): getattr(block, k)
              for where, block in scratch_batch_norms(net).items() for k in ('moving_mean', 'moving_var')}
    if moving:
        nd.save(path, moving)
    return bool(moving)


def load_checkpoint(epoch_folder, meta, net, ctx, trainer=None):
    """Load a checked epoch folder (`_checkpoint_folder`) into `net` on `ctx` (a context or a list):
    its parameters, a from-scratch BatchNorm's moving statistics, and the trainer's state."""
    from chapter5.engine.loop import contexts
    net.load_parameters(os.path.join(epoch_folder, 'params'), ctx=ctx)
    if 'moving' in meta['files']:
        load_moving(os.path.join(epoch_folder, 'moving'), net, contexts(ctx)[0])
    if trainer is not None:
        trainer.load_states(os.path.join(epoch_folder, 'states'))


def load_moving(path, net, ctx):
    """Give `net`'s from-scratch BatchNorms the moving statistics save_moving kept in `path`."""
    from mxnet import nd

    from chapter5.engine.twins import scratch_batch_norms
    moving = nd.load(path)
    for where, block in scratch_batch_norms(net).items():
        for k in ('moving_mean', 'moving_var'):
            key = '%s.%s' % (where, k)
            if key not in moving:
                raise CheckpointError('%s has no %s: it was saved from another network' % (path, key))
            setattr(block, k, moving[key].as_in_context(ctx))


def _write_outputs(folder, name, profile, records):
    """log.jsonl, train.log and curve.png of the epochs so far, each written whole."""
    from chapter5.nbtools import plot_history
    from chapter5.utils import EpochResult
    _write(os.path.join(folder, 'log.jsonl'), ''.join(json.dumps(r) + '\n' for r in records))
    epochs = [EpochResult(**{k: r[k] for k in LOG_FIELDS}) for r in records]
    _write(os.path.join(folder, 'train.log'), ''.join(
        'epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec\n' % e for e in epochs))
    if records:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig = plot_history(epochs, '%s (%s profile)' % (name, profile))
        _save_whole(os.path.join(folder, 'curve.png'), lambda tmp: fig.savefig(tmp, format='png'))
        plt.close(fig)


def write_results(out):
    """OUT/results.md and OUT/results.json from every OUT/*/summary.json; returns the rows."""
    rows = []
    for name in sorted(os.listdir(out), key=lambda n: BOOK_RUNS.index(n) if n in BOOK_RUNS else 99):
        path = os.path.join(out, name, 'summary.json')
        if os.path.exists(path):
            with open(path) as f:
                rows.append(json.load(f))
    lines = ['| model | profile | input | epochs | loss | train acc | test acc | book test acc | '
             'pass (>= book - %.2f) | minutes | changed from the recipe |' % BAND,
             '|---|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        book = '%.3f' % r['book_test_acc'] if r['book_test_acc'] is not None else '-'
        verdict = '-' if r['passed'] is None else ('pass' if r['passed'] else 'FAIL')
        made_by_profile = profile_overrides(r['model'], r['profile'])
        changes = {k: v for k, v in r['overrides'].items()
                   if v is not None and (k, v) not in made_by_profile.items()}
        # a profile that changes nothing in this recipe trains the book's recipe: say so
        same = r['profile'] != 'book' and not made_by_profile
        lines.append('| %s | %s | %s | %d | %.4f | %.3f | %.3f | %s | %s | %.1f | %s |' % (
            r['model'], r['profile'] + (' = book' if same else ''), r['resize'] or 28, r['epochs'],
            r['loss'], r['train_acc'], r['test_acc'], book, verdict, r['seconds'] / 60,
            ', '.join('%s=%s' % kv for kv in sorted(changes.items())) or '-'))
    _write(os.path.join(out, 'results.md'), '\n'.join(lines) + '\n')
    _write(os.path.join(out, 'results.json'), json.dumps(rows, indent=1))
    return rows
