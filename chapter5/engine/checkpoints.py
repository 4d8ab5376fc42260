"""A run's checkpoints: each whole epoch committed, checked and loaded.

    checkpoint.json       the commit mark: {"epoch": N, "folder": "checkpoints/epoch-N"}, written last
    checkpoints/epoch-N/  that epoch's params, the trainer's state as data (optimizer.json and
                          optimizer.nd: chapter5.engine.trainer_state), log, and moving (a from-scratch
                          BatchNorm's statistics), with meta.json holding the recipe and their sha256s

Checkpoints written before 2026-11-29 keep the trainer's state as Gluon's `states`, a Python pickle,
which could run any code if read: nothing here reads it. Those runs all trained with plain SGD at a
constant rate, whose state is empty, so a resume goes on without it (the same numbers: tested); a
trainer that does keep state (momentum, a schedule) refuses such a checkpoint.

An epoch is committed in three steps: its folder is written under a temporary name, each file and
the folder flushed to the disk, and renamed; then checkpoint.json is replaced (chapter5.engine.files:
a flushed rename, so it is whole) to point at it; and only then is the previous epoch's folder
removed. A kill or a power loss at any moment leaves checkpoint.json naming a whole folder, or no
checkpoint.json before the first epoch is done.
"""
import json
import os
import shutil

from chapter5.engine.errors import EngineError
from chapter5.engine.files import fsync_file, fsync_folder, sha256, write_text
from chapter5.engine.trainer_state import keeps_no_state
from chapter5.engine.trainer_state import load as load_trainer_state
from chapter5.engine.trainer_state import save as save_trainer_state

# what a checkpoint must have been trained with to be resumed with these options
RECIPE_FIELDS = ('model', 'profile', 'seed', 'lr', 'batch_size', 'resize', 'num_epochs', 'num_train',
                 'num_test')
# what to do about a damaged run folder: start afresh (--resume would only meet the same damage)
AFRESH = 'rerun without --resume and with --overwrite to start afresh'
# the files of an epoch folder besides `moving`: now, and before 2026-11-29 (the trainer's pickled state)
FILES = {'params', 'optimizer.json', 'optimizer.nd', 'log'}
PICKLED_FILES = {'params', 'states', 'log'}


class CheckpointError(EngineError, RuntimeError):
    """A run folder that cannot be resumed or written; the message says why and what to do."""


def has_checkpoint(out, name):
    """Whether `out`/`name`/ holds a committed checkpoint."""
    return os.path.exists(os.path.join(out, name, 'checkpoint.json'))


def read_json(path, what):
    """The JSON in `path`; a CheckpointError saying what is wrong and `what` to do when it is missing or
    damaged."""
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise CheckpointError('%s is missing: %s' % (path, what)) from None
    except (OSError, ValueError) as e:
        raise CheckpointError('%s is damaged (%s): %s' % (path, e, what)) from None


def checked_folder(folder, pointer, fix=AFRESH):
    """The epoch folder that checkpoint.json names, its meta checked field by field and file by file;
    a CheckpointError that says what is wrong and `fix`, what to do, where it is damaged."""
    where = os.path.join(folder, 'checkpoint.json')
    if not isinstance(pointer, dict) or not isinstance(pointer.get('epoch'), int) or \
            isinstance(pointer.get('epoch'), bool) or pointer['epoch'] < 1 or \
            pointer.get('folder') != 'checkpoints/epoch-%d' % pointer['epoch']:
        raise CheckpointError('%s is damaged: it needs "epoch" (a whole number >= 1) and "folder" '
                              '(checkpoints/epoch-N); %s' % (where, fix))
    epoch_folder = os.path.join(folder, pointer['folder'])
    meta = read_json(os.path.join(epoch_folder, 'meta.json'), fix)
    files = meta.get('files') if isinstance(meta, dict) else None
    if not isinstance(files, dict) or set(files) - {'moving'} not in (FILES, PICKLED_FILES) or \
            not all(isinstance(v, str) for v in files.values()) or not isinstance(meta.get('recipe'), dict):
        raise CheckpointError('%s is damaged: it needs "recipe" and the sha256 of params, optimizer.json, '
                              'optimizer.nd and log (and moving, for a from-scratch BatchNorm); %s'
                              % (os.path.join(epoch_folder, 'meta.json'), fix))
    for name, digest in files.items():
        path = os.path.join(epoch_folder, name)
        if not os.path.exists(path) or sha256(path) != digest:
            raise CheckpointError('damaged checkpoint: %s is missing or does not match its sha256 in '
                                  'meta.json; %s' % (path, fix))
    return epoch_folder, meta


def differences(saved, wanted):
    """The recipe fields whose values differ, as 'lr 0.5 (checkpoint) against 0.9 (now)'."""
    return ['%s %s (checkpoint) against %s (now)' % (k, saved.get(k), wanted[k])
            for k in RECIPE_FIELDS if saved.get(k) != wanted[k]]


def resume_from(folder, recipe, net, ctx, trainer, read_records):
    """The records of the run in `folder` up to its last whole checkpoint, which is loaded into `net`
    and `trainer` on `ctx`; a CheckpointError saying what to do where the checkpoint was made with
    another recipe or is damaged. `read_records(path)` reads the checkpoint's log."""
    pointer = read_json(os.path.join(folder, 'checkpoint.json'), AFRESH)
    epoch_folder, meta = checked_folder(folder, pointer)
    different = differences(meta['recipe'], recipe)
    if different:
        raise CheckpointError('the checkpoint in %s was made with another recipe: %s. Resume with the '
                              "checkpoint's options, or start afresh with --overwrite"
                              % (folder, '; '.join(different)))
    load_checkpoint(epoch_folder, meta, net, ctx, trainer)
    records = read_records(os.path.join(epoch_folder, 'log'))
    if len(records) != pointer['epoch']:
        raise CheckpointError('damaged checkpoint: %s holds %d epochs, checkpoint.json says %d; '
                              'rerun with --overwrite to start afresh'
                              % (epoch_folder, len(records), pointer['epoch']))
    return records


def commit(folder, epoch, net, trainer, records, recipe):
    """Write epoch `epoch`'s checkpoint folder whole, point checkpoint.json at it, drop the older ones."""
    checkpoints = os.path.join(folder, 'checkpoints')
    name = 'epoch-%d' % epoch
    partial = os.path.join(checkpoints, name + '.partial')
    shutil.rmtree(partial, ignore_errors=True)  # a partial folder left by a killed run
    os.makedirs(partial)
    net.save_parameters(os.path.join(partial, 'params'))
    save_trainer_state(trainer, os.path.join(partial, 'optimizer.json'),
                       os.path.join(partial, 'optimizer.nd'))
    with open(os.path.join(partial, 'log'), 'w') as f:
        f.write(''.join(json.dumps(r) + '\n' for r in records))
    kept = ('params', 'optimizer.json', 'optimizer.nd', 'log') + \
        (('moving',) if save_moving(os.path.join(partial, 'moving'), net) else ())
    files = {f: sha256(os.path.join(partial, f)) for f in kept}
    with open(os.path.join(partial, 'meta.json'), 'w') as f:
        json.dump({'epoch': epoch, 'recipe': recipe, 'files': files}, f, indent=1)
    for f in kept + ('meta.json',):  # the bytes on the disk before any name points at them
        fsync_file(os.path.join(partial, f))
    fsync_folder(partial)
    final = os.path.join(checkpoints, name)
    shutil.rmtree(final, ignore_errors=True)  # written by a run killed before it was committed
    os.rename(partial, final)
    fsync_folder(checkpoints)
    write_text(os.path.join(folder, 'checkpoint.json'),
               json.dumps({'epoch': epoch, 'folder': 'checkpoints/' + name}, indent=1))
    for old in os.listdir(checkpoints):  # committed: the earlier epochs' folders can go
        if old != name:
            shutil.rmtree(os.path.join(checkpoints, old), ignore_errors=True)


def save_moving(path, net):
    """Save the moving statistics of `net`'s from-scratch BatchNorms (5.10: Python state, not
    parameters, so save_parameters leaves them out) to `path`; False when it has none."""
    from mxnet import nd

    from chapter5.engine.batch_norm_twins import scratch_batch_norms
    moving = {'%s.%s' % (where, k): getattr(block, k)
              for where, block in scratch_batch_norms(net).items() for k in ('moving_mean', 'moving_var')}
    if moving:
        nd.save(path, moving)
    return bool(moving)


def load_checkpoint(epoch_folder, meta, net, ctx, trainer=None):
    """Load a checked epoch folder (`checked_folder`) into `net` on `ctx` (a context or a list):
    its parameters, a from-scratch BatchNorm's moving statistics, and the trainer's state."""
    from mxnet.base import MXNetError
    try:
        net.load_parameters(os.path.join(epoch_folder, 'params'), ctx=ctx)
        if 'moving' in meta['files']:
            first = ctx[0] if isinstance(ctx, (list, tuple)) else ctx
            load_moving(os.path.join(epoch_folder, 'moving'), net, first)
        if trainer is not None:
            load_trainer(epoch_folder, meta, trainer)
    except (MXNetError, AssertionError, AttributeError, ValueError, KeyError, TypeError, OSError) as e:
        # a file MXNet cannot read as what it should hold (its sha256 matched: made so, not damaged)
        message = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        raise CheckpointError('%s does not hold what a checkpoint of this network holds (%s); %s'
                              % (epoch_folder, message, AFRESH)) from None


def load_trainer(epoch_folder, meta, trainer):
    """Give `trainer` the state the epoch folder keeps as data. A pickled one (before 2026-11-29) is
    never read: a trainer that keeps no state needs nothing from it, any other refuses it."""
    if 'states' in meta['files']:
        if not keeps_no_state(trainer):
            raise CheckpointError(
                "%s keeps the trainer's state as a Python pickle (checkpoints written before 2026-11-29), "
                'which this project never reads, and this trainer needs its state: start afresh with '
                '--overwrite' % epoch_folder)
        return
    load_trainer_state(trainer, os.path.join(epoch_folder, 'optimizer.json'),
                       os.path.join(epoch_folder, 'optimizer.nd'))


def load_moving(path, net, ctx):
    """Give `net`'s from-scratch BatchNorms the moving statistics save_moving kept in `path`."""
    from mxnet import nd

    from chapter5.engine.batch_norm_twins import scratch_batch_norms
    moving = nd.load(path)
    for where, block in scratch_batch_norms(net).items():
        for k in ('moving_mean', 'moving_var'):
            key = '%s.%s' % (where, k)
            if key not in moving:
                raise CheckpointError('%s has no %s: it was saved from another network' % (path, key))
            setattr(block, k, moving[key].as_in_context(ctx))
