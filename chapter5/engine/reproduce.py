"""Reproduce the chapter's training runs: a recipe trained into a run folder, resumed, and tabled.

`run_recipe` trains one recipe into OUT/MODEL/ (the layout results/README.md documents): its
records (settings, log, book-format log, curve, summary: chapter5.engine.records) and its whole
checkpoints (chapter5.engine.checkpoints). `write_results` gathers every OUT/*/summary.json into
OUT/results.md and OUT/results.json.

With a seed, each epoch starts by seeding MXNet, numpy and Python with seed + epoch
(chapter5.engine.seeds): a run stopped at any moment and resumed repeats the uninterrupted run's
epochs. `kill -TSTP PID` pauses a run (`kill -CONT PID` goes on) without counting the pause in its
seconds (chapter5.engine.pause): that is how a long run makes room for a benchmark or the tests.
"""
import json
import os
import shutil
import sys

from chapter5 import get_model
from chapter5.engine.checkpoints import (
    commit,
    has_checkpoint,
    read_json,
    resume_from,
)
from chapter5.engine.files import write_text
from chapter5.engine.pause import PauseClock
from chapter5.engine.records import (
    LOG_FIELDS,
    PAUSED,
    check_out,
    copied_from,
    read_log,
    refuse_existing,
    session,
    write_outputs,
)
from chapter5.engine.seeds import epoch_seeder, seed_everything
from chapter5.engine.tables import markdown_table

# The nine runs the book documents, in its order
BOOK_RUNS = ('lenet', 'alexnet', 'vgg11_small', 'nin', 'googlenet', 'lenet_bn_scratch', 'lenet_bn',
             'resnet18', 'densenet')
PROFILES = ('book', 'cpu')
CPU_RESIZE = 96  # the cpu profile's input size for the 224x224 recipes (the book's VGG exercise)
BAND = 0.02  # a run passes at the book's test accuracy minus this, or better


def book_order(name):
    """Sort key: the book's documented runs in the book's order, then any other model."""
    return BOOK_RUNS.index(name) if name in BOOK_RUNS else len(BOOK_RUNS)


def profile_overrides(name, profile):
    """The recipe changes a profile makes: `cpu` trains the 224x224 recipes at 96x96."""
    if profile not in PROFILES:
        raise ValueError('unknown profile %r; use one of %s' % (profile, ', '.join(PROFILES)))
    resize = get_model(name).recipe.resize
    return {'resize': CPU_RESIZE} if profile == 'cpu' and resize and resize > CPU_RESIZE else {}


class Progress:
    """The training batches with a tqdm bar per epoch."""

    def __init__(self, data, desc):
        self.data, self.desc = data, desc

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        from tqdm import tqdm
        return iter(tqdm(self.data, total=len(self.data), desc=self.desc, leave=False, unit='batch'))


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
    check_out(out)
    overrides = {**profile_overrides(name, profile), **overrides}
    args = _prepare(name, out, seed, resume, overwrite, overrides)
    recipe = dict(args.pop('recipe'), model=name, profile=profile, seed=seed)
    folder = os.path.join(out, name)
    resuming = resume and has_checkpoint(out, name)
    records, start_epoch, settings = _resume_point(folder, resuming, recipe, args)
    if start_epoch >= recipe['num_epochs']:  # a finished run: nothing to train, no session to record
        print('%s is finished (%d of %d epochs): nothing to train; --overwrite starts it afresh'
              % (folder, start_epoch, recipe['num_epochs']))
        if not os.path.exists(os.path.join(folder, 'summary.json')):  # killed between commit and summary
            _write_summary(folder, recipe, records, settings, overrides)
        return records
    if not args.get('evaluate', True):  # a worker other than 0: trains its part, writes nothing;
        # reseeded as worker 0 is, so that every worker draws the same order of examples each epoch
        return train(**args, start_epoch=start_epoch, epoch_start=epoch_seeder(seed))
    settings['sessions'] = settings.get('sessions', []) + [dict(session(), from_epoch=start_epoch + 1)]
    write_text(os.path.join(folder, 'settings.json'), json.dumps(settings, indent=1))
    write_outputs(folder, name, profile, records)
    if progress is None:
        progress = sys.stdout.isatty()
    if progress:
        args['train_iter'] = Progress(args['train_iter'], name)
    _train_and_record(train, args, folder, recipe, records, start_epoch, seed)
    _write_summary(folder, recipe, records, settings, overrides)
    return records


def _prepare(name, out, seed, resume, overwrite, overrides):
    """The recipe's network, data and trainer (recipes.prepare), its run folder checked and made.

    One of several workers (a dist_* kvstore): only worker 0 writes; it is known once the kvstore is
    up, so there the folder is checked after prepare()."""
    from chapter5.engine.recipes import prepare
    dist = str(overrides.get('kvstore') or '').startswith('dist')
    if not dist:
        refuse_existing(out, [name], resume, overwrite)
    if seed is not None:
        seed_everything(seed)  # the initial parameters
    args = prepare(name, **overrides)
    if args.get('evaluate', True):
        if dist:
            refuse_existing(out, [name], resume, overwrite)
        folder = os.path.join(out, name)
        if overwrite and not resume and os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(os.path.join(folder, 'checkpoints'), exist_ok=True)
    return args


def _resume_point(folder, resuming, recipe, args):
    """(records so far, epochs done, settings): the last whole checkpoint loaded into the network and
    trainer when `resuming`, else a fresh start."""
    settings = {'model': recipe['model'], 'recipe': recipe, 'sessions': []}
    if not resuming:
        return [], 0, settings
    records = resume_from(folder, recipe, args['net'], args['ctx'], args['trainer'], read_log)
    if os.path.exists(os.path.join(folder, 'settings.json')):
        settings = read_json(os.path.join(folder, 'settings.json'), 'rerun with --overwrite')
    return records, len(records), settings


def _train_and_record(train, args, folder, recipe, records, start_epoch, seed):
    """Train the remaining epochs, committing a checkpoint and the records after each."""
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
        commit(folder, result.epoch, args['net'], args['trainer'], records, recipe)
        write_outputs(folder, recipe['model'], recipe['profile'], records)

    with PauseClock() as clock:
        train(**args, start_epoch=start_epoch, epoch_start=epoch_start, epoch_end=epoch_end, clock=clock)


def _write_summary(folder, recipe, records, settings, overrides):
    """summary.json: the last epoch against the book's result."""
    book = get_model(recipe['model']).recipe.book
    final = records[-1]
    summary = {
        'model': recipe['model'], 'profile': recipe['profile'], 'resize': recipe['resize'],
        'epochs': final['epoch'], 'loss': final['loss'], 'train_acc': final['train_acc'],
        'test_acc': final['test_acc'], 'book_test_acc': book.test_acc if book else None,
        'passed': bool(final['test_acc'] >= book.test_acc - BAND) if book else None,
        'seconds': sum(r['seconds'] for r in records), 'sessions': len(settings['sessions']),
        'paused_seconds': sum(r.get(PAUSED, 0.0) for r in records),
        'overrides': {k: v for k, v in overrides.items() if k not in ('ctx', 'root')}, 'seed': recipe['seed'],
    }
    write_text(os.path.join(folder, 'summary.json'), json.dumps(summary, indent=1))


def _result_row(out, r):
    """One row of OUT/results.md for a summary."""
    book = '%.3f' % r['book_test_acc'] if r['book_test_acc'] is not None else '-'
    verdict = '-' if r['passed'] is None else ('pass' if r['passed'] else 'FAIL')
    made_by_profile = profile_overrides(r['model'], r['profile'])
    changes = {k: v for k, v in r['overrides'].items()
               if v is not None and (k, v) not in made_by_profile.items()}
    # a profile that changes nothing in this recipe trains the book's recipe: say so
    same = r['profile'] != 'book' and not made_by_profile
    copy = copied_from(os.path.join(out, r['model']))
    return [r['model'] + (' (a copy of %s, not trained again)' % copy if copy else ''),
            r['profile'] + (' = book' if same else ''), r['resize'] or 28, r['epochs'],
            '%.4f' % r['loss'], '%.3f' % r['train_acc'], '%.3f' % r['test_acc'], book, verdict,
            '%.1f' % (r['seconds'] / 60), ', '.join('%s=%s' % kv for kv in sorted(changes.items())) or '-']


def write_results(out):
    """OUT/results.md and OUT/results.json from every OUT/*/summary.json; returns the rows."""
    rows = []
    for name in sorted(os.listdir(out), key=book_order):
        path = os.path.join(out, name, 'summary.json')
        if os.path.exists(path):
            with open(path) as f:
                rows.append(json.load(f))
    header = ['model', 'profile', 'input', 'epochs', 'loss', 'train acc', 'test acc', 'book test acc',
              'pass (>= book - %.2f)' % BAND, 'minutes', 'changed from the recipe']
    write_text(os.path.join(out, 'results.md'), markdown_table(header, [_result_row(out, r) for r in rows]))
    write_text(os.path.join(out, 'results.json'), json.dumps(rows, indent=1))
    return rows
