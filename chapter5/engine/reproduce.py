"""Reproduce the chapter's training runs: per-epoch logs, curves, checkpoints, resume, results.

`run_recipe` trains one recipe into OUT/MODEL/:
    log.jsonl         one JSON object per epoch: epoch, loss, train_acc, test_acc, seconds
    train.log         the book's printed lines
    curve.png         loss and both accuracies per epoch
    checkpoint.*      parameters and trainer state after the last whole epoch, and
                      checkpoint.json naming them with their sha256 (written last)
`write_results` gathers every OUT/*/summary.json into OUT/results.md and OUT/results.json.

Every file is written to a temporary name and renamed, so it is whole or absent.
With a seed, each epoch starts by seeding MXNet, numpy and Python with seed + epoch:
a run stopped after any epoch and resumed repeats the uninterrupted run's epochs.
"""
import hashlib
import json
import os
import random
import sys
import time

from chapter5 import get_model

# The nine runs the book documents, in its order
BOOK_RUNS = ('lenet', 'alexnet', 'vgg11_small', 'nin', 'googlenet', 'lenet_bn_scratch', 'lenet_bn',
             'resnet18', 'densenet')
PROFILES = ('book', 'cpu')
CPU_RESIZE = 96  # the cpu profile's input size for the 224x224 recipes (the book's VGG exercise)
BAND = 0.02  # a run passes at the book's test accuracy minus this, or better


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be resumed from; the message says why and what to do."""


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


def has_checkpoint(out, name):
    """Whether `out`/`name`/ holds a checkpoint (whole or not) to resume from."""
    return os.path.exists(os.path.join(out, name, 'checkpoint.json'))


def seed_everything(seed):
    """Seed MXNet, numpy and Python's random."""
    import mxnet as mx
    import numpy as np
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)


class _Progress:
    """The training batches with a tqdm bar per epoch."""

    def __init__(self, data, desc):
        self.data, self.desc = data, desc

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        from tqdm import tqdm
        return iter(tqdm(self.data, total=len(self.data), desc=self.desc, leave=False, unit='batch'))


def _read_log(path, epochs):
    """The first `epochs` records of a log.jsonl."""
    with open(path) as f:
        records = [json.loads(line) for line in f if line.strip()]
    return records[:epochs]


def _load_checkpoint(folder, net, trainer, ctx):
    """Restore the last whole checkpoint in `folder`; returns its metadata."""
    meta_path = os.path.join(folder, 'checkpoint.json')
    fix = 'delete %s to start afresh, or run without --resume' % folder
    if not os.path.exists(meta_path):
        raise CheckpointError('no checkpoint to resume from in %s (%s)' % (folder, fix))
    try:
        with open(meta_path) as f:
            meta = json.load(f)
        files = meta['files']
    except (OSError, ValueError, KeyError) as e:
        raise CheckpointError('damaged checkpoint %s: %s (%s)' % (meta_path, e, fix)) from None
    for name, digest in files.values():
        path = os.path.join(folder, name)
        if not os.path.exists(path) or _sha256(path) != digest:
            raise CheckpointError('damaged checkpoint: %s is missing or does not match its sha256 '
                                  'in checkpoint.json (%s)' % (path, fix))
    net.load_parameters(os.path.join(folder, files['params'][0]), ctx=ctx)
    trainer.load_states(os.path.join(folder, files['states'][0]))
    return meta


def run_recipe(name, out, *, profile='book', seed=None, resume=False, progress=None, **overrides):
    """Train the recipe of model `name` into `out`/`name`/, resuming when asked.

    `overrides` change the recipe as in `recipes.prepare` (num_epochs, lr,
    batch_size, resize, num_train, num_test, ctx, root). `progress=None` shows a
    progress bar when standard output is a terminal. Returns the whole run's
    per-epoch records (dicts) and writes the model's summary.json.
    """
    from chapter5.engine.loop import train
    from chapter5.engine.recipes import prepare
    from chapter5.nbtools import plot_history
    from chapter5.utils import EpochResult
    overrides = {**profile_overrides(name, profile), **overrides}
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    if seed is not None:
        seed_everything(seed)  # the initial parameters
    args = prepare(name, **overrides)
    records, start_epoch = [], 0
    if resume:
        meta = _load_checkpoint(folder, args['net'], args['trainer'], args['ctx'])
        if meta.get('profile', profile) != profile:
            raise CheckpointError('the checkpoint in %s was made with the %s profile, not %s: resume '
                                  'with --profile %s' % (folder, meta['profile'], profile, meta['profile']))
        if meta['seed'] != seed:
            raise CheckpointError('the checkpoint in %s was made with seed %s, not %s: resume with '
                                  '--seed %s' % (folder, meta['seed'], seed, meta['seed']))
        start_epoch = meta['epoch']
        records = _read_log(os.path.join(folder, 'log.jsonl'), start_epoch)
    if progress is None:
        progress = sys.stdout.isatty()
    if progress:
        args['train_iter'] = _Progress(args['train_iter'], name)
    started = time.time()

    def epoch_start(epoch):
        if seed is not None:
            seed_everything(seed + epoch)

    def epoch_end(result):
        records.append({k: (int(v) if k == 'epoch' else float(v)) for k, v in result._asdict().items()})
        params, states = 'checkpoint.params', 'checkpoint.states'
        _save_whole(os.path.join(folder, params), args['net'].save_parameters)
        _save_whole(os.path.join(folder, states), args['trainer'].save_states)
        _write(os.path.join(folder, 'log.jsonl'), ''.join(json.dumps(r) + '\n' for r in records))
        _write(os.path.join(folder, 'train.log'), ''.join(
            'epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec\n'
            % EpochResult(**r) for r in records))
        fig = plot_history([EpochResult(**r) for r in records], '%s (%s profile)' % (name, profile))
        _save_whole(os.path.join(folder, 'curve.png'), lambda tmp: fig.savefig(tmp, format='png'))
        import matplotlib.pyplot as plt
        plt.close(fig)
        # the commit mark of the epoch: written last, naming whole files
        _write(os.path.join(folder, 'checkpoint.json'), json.dumps({
            'model': name, 'profile': profile, 'seed': seed, 'epoch': result.epoch,
            'files': {'params': [params, _sha256(os.path.join(folder, params))],
                      'states': [states, _sha256(os.path.join(folder, states))]}}, indent=1))

    train(**args, start_epoch=start_epoch, epoch_start=epoch_start, epoch_end=epoch_end)
    book = get_model(name).recipe.book
    final = records[-1]
    summary = {
        'model': name, 'profile': profile, 'resize': overrides.get('resize', get_model(name).recipe.resize),
        'epochs': final['epoch'], 'loss': final['loss'], 'train_acc': final['train_acc'],
        'test_acc': final['test_acc'], 'book_test_acc': book.test_acc if book else None,
        'passed': bool(final['test_acc'] >= book.test_acc - BAND) if book else None,
        'seconds': sum(r['seconds'] for r in records), 'wall_seconds_this_run': time.time() - started,
        'overrides': {k: v for k, v in overrides.items() if k not in ('ctx',)}, 'seed': seed,
    }
    _write(os.path.join(folder, 'summary.json'), json.dumps(summary, indent=1))
    return records


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
