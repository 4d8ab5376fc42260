"""One speedrun into a run folder: trained against the clock, checkpointed, resumable.

    OUT/MODEL/settings.json    the plan, the seed, what is held out, and each session (date, CPU, ISA)
    OUT/MODEL/log.jsonl        one line per epoch: epoch, loss, train_acc, lr (at its end), seconds,
                               and what the seconds were made of: this process's CPU seconds and the
                               machine's stolen and I/O-waiting ones (engine/cpu_use.py)
    OUT/MODEL/train.log        the printed lines
    OUT/MODEL/checkpoint.json  and checkpoints/: the last whole epoch, as `chapter5 train` keeps it
                               (chapter5.engine.checkpoints), so --resume, predict and export work
    OUT/MODEL/snapshots/       each epoch's parameters, for the curve (epoch-N.params)
    OUT/MODEL/summary.json     the result: held-out accuracy, seconds from the first batch to it, the
                               seconds spent reading the data before, the target met or missed by how much
    OUT/MODEL/curve.json       the held-out accuracy of each epoch's snapshot against the minutes at
                               its end, measured after the result (curve.png draws it)

The protocol (docs/speedrun.md): a run reads the held-out set once, for its result, after the last
epoch; the curve is measured afterwards from the snapshots and chooses nothing. `seconds` counts
everything from the first batch to the result (checkpoints and snapshots included), never a pause
(kill -TSTP: chapter5.engine.pause); reading the data comes before and is stated apart. With a seed
each epoch reseeds with seed + epoch, so a resumed run repeats the uninterrupted one.
"""
import json
import os
import shutil
import sys
import time

from chapter5.engine.checkpoints import (
    AFRESH,
    CheckpointError,
    commit,
    has_checkpoint,
    read_json,
    resume_from,
)
from chapter5.engine.cpu_use import cpu_use, spent
from chapter5.engine.files import save_whole, write_text
from chapter5.engine.pause import PauseClock
from chapter5.engine.records import check_out, refuse_existing, session
from chapter5.engine.seeds import seed_everything
from chapter5.speedrun.plans import PLANS, ablated


def recipe_of(plan, seed, held_out, num_train, num_test, without=None):
    """What a checkpoint must have been trained with to be resumed (checkpoints.RECIPE_FIELDS and the
    plan): `profile` names the speedrun, what it holds out and the choice an ablation took out."""
    profile = 'speedrun (%s%s)' % (held_out, ', without %s' % without if without else '')
    return dict(plan._asdict(), model=plan.model, profile=profile, seed=seed, resize=None,
                num_epochs=plan.epochs, num_train=num_train, num_test=num_test, without=without)


def prepare(plan, ctx, validate, root, num_train, num_test):
    """(network, its compiled twin, the step, the trainer, training batches, held-out batches, what
    is held out): everything a run trains with, the network initialised (Xavier) on `ctx`."""
    import mxnet as mx
    from mxnet import init

    from chapter5.engine.loop import compiled
    from chapter5.speedrun.augment import speedrun_loaders
    from chapter5.speedrun.net import speedrun_net
    from chapter5.speedrun.steps import SmoothedStep
    from chapter5.speedrun.trainer import make_trainer
    with mx.name.NameManager():  # conv0, ... whatever was built before: Gluon's Trainer orders the
        net = speedrun_net(plan.widths, plan.blocks)  # parameters by name, and the checkpoint keeps the
    net.initialize(init.Xavier(), ctx=ctx)  # momentum by that order (engine.trainer_state)
    train_iter, held_iter, held_out = speedrun_loaders(plan.batch_size, plan.pad, plan.flip,
                                                       validate=validate, root=root,
                                                       num_train=num_train, num_test=num_test)
    graph = compiled(net)
    step = SmoothedStep(graph, plan.smoothing)
    step.hybridize(static_alloc=True)
    trainer = make_trainer(net, plan, plan.epochs * len(train_iter))
    return net, graph, step, trainer, train_iter, held_iter, held_out


def speedrun(target, out, *, seed=0, resume=False, overwrite=False, validate=False, epochs=None, ctx=None,
             root=None, num_train=None, num_test=None, progress=None, without=None):
    """Train the plan of `target` (0.93 or 0.945) into `out`/MODEL/; returns the summary (a dict).

    `epochs` shortens the plan (its schedule with it); `validate` holds out the last 10,000 training
    images instead of reading the test set (how the plans were chosen); `num_train` / `num_test` keep
    the first images only; `without` takes one choice of the plan out (plans.ABLATIONS). A folder
    holding a run is refused unless `resume` or `overwrite`."""
    from chapter5.utils import try_gpu
    plan = ablated(PLANS[target], without)._replace(**({'epochs': epochs} if epochs else {}))
    check_out(out)
    refuse_existing(out, [plan.model], resume, overwrite)
    folder = os.path.join(out, plan.model)
    ctx = ctx or try_gpu()
    data_started = time.monotonic()
    seed_everything(seed)  # the initial parameters
    net, graph, step, trainer, train_iter, held_iter, held_out = prepare(
        plan, ctx, validate, root, num_train, num_test)
    data_seconds = time.monotonic() - data_started
    recipe = recipe_of(plan, seed, held_out, num_train, num_test, without)
    resuming = resume and has_checkpoint(out, plan.model)
    if overwrite and not resuming and os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, 'snapshots'), exist_ok=True)
    records, settings = resume_point(folder, resuming, recipe, net, ctx, trainer)
    if len(records) >= plan.epochs and os.path.exists(os.path.join(folder, 'summary.json')):
        print('%s is finished (%d of %d epochs, its result read once): nothing to do; --overwrite starts '
              'it afresh' % (folder, len(records), plan.epochs))  # the held-out set is not read again
        return read_json(os.path.join(folder, 'summary.json'), AFRESH)
    settings['sessions'].append(dict(session(), from_epoch=len(records) + 1,
                                     data_seconds=round(data_seconds, 1)))
    write_text(os.path.join(folder, 'settings.json'), json.dumps(settings, indent=1))
    if progress is None:
        progress = sys.stdout.isatty()
    run = Run(folder, plan, recipe, net, trainer, records, seed)
    with PauseClock() as clock:  # (its handler also lets tools/pause.sh stop the curve's measuring)
        run.train(clock, (graph, step, None, [ctx], trainer, plan.batch_size), train_iter, progress)
        summary = run.finish(clock, graph, held_iter, held_out, ctx, data_seconds, target)
        run.measure_curve(graph, held_iter, held_out, ctx)
    return summary


def resume_point(folder, resuming, recipe, net, ctx, trainer):
    """(records so far, settings): the last whole checkpoint loaded into the network and trainer when
    `resuming`, else a fresh start."""
    settings = {'model': recipe['model'], 'recipe': recipe, 'sessions': []}
    if not resuming:
        return [], settings
    records = resume_from(folder, recipe, net, ctx, trainer, read_records)
    return records, read_json(os.path.join(folder, 'settings.json'), AFRESH)


def read_records(path):
    """The epochs a checkpoint's log holds (JSON lines as Run.train writes them)."""
    try:
        with open(path, encoding='utf-8') as f:
            return [json.loads(line) for line in f if line.strip()]
    except ValueError as e:
        raise CheckpointError('%s is damaged (%s): %s' % (path, e, AFRESH)) from None


class Run:
    """The epochs of one run, its result and its curve, written into its folder as they come."""

    def __init__(self, folder, plan, recipe, net, trainer, records, seed):
        self.folder, self.plan, self.recipe, self.net, self.trainer = folder, plan, recipe, net, trainer
        self.records, self.seed = records, seed

    def train(self, clock, batch, train_iter, progress):
        """The epochs not yet done, each committed (checkpoint, snapshot, log) inside its seconds."""
        from chapter5.engine.loop import check_finite, train_epoch
        from chapter5.engine.reproduce import Progress
        from chapter5.engine.threads import python_thread_serial
        batches = Progress(train_iter, self.plan.model) if progress else train_iter
        with python_thread_serial():
            for epoch in range(len(self.records), self.plan.epochs):
                seed_everything(self.seed + epoch)
                start, used = clock(), cpu_use()
                loss, right, n = train_epoch(batch, batches, epoch)
                check_finite(loss, epoch, n, self.trainer)
                record = dict(epoch=epoch + 1, loss=float(loss) / n, train_acc=float(right) / n,
                              lr=self.trainer.learning_rate)
                save_whole(self.snapshot(epoch + 1), self.net.save_parameters)  # whole, or absent
                timed(record, clock() - start, used)  # as a resumed run reads it: all but the commit's
                commit(self.folder, epoch + 1, self.net, self.trainer, self.records + [record], self.recipe)
                self.records.append(timed(record, clock() - start, used))  # now with the commit too
                self.say('epoch %(epoch)d, loss %(loss).4f, train acc %(train_acc).3f, time %(seconds).1f sec'
                         % record)
                write_text(os.path.join(self.folder, 'log.jsonl'),
                           ''.join(json.dumps(r) + '\n' for r in self.records))

    def snapshot(self, epoch):
        return os.path.join(self.folder, 'snapshots', 'epoch-%d.params' % epoch)

    def say(self, line):
        """Print a line and add it to train.log."""
        print(line, flush=True)
        with open(os.path.join(self.folder, 'train.log'), 'a', encoding='utf-8') as f:
            f.write(line + '\n')

    def finish(self, clock, graph, held_iter, held_out, ctx, data_seconds, target):
        """Read the held-out set once: the result, timed to the end of the evaluation; summary.json."""
        from chapter5.speedrun.steps import accuracy
        start = clock()
        acc, examples = accuracy(graph, held_iter, self.plan.flip, ctx)
        seconds = sum(r['seconds'] for r in self.records) + clock() - start
        met, line = verdict(target, self.plan.minutes, acc, seconds)
        summary = dict(model=self.plan.model, target=target, minutes_allowed=self.plan.minutes,
                       seed=self.seed, held_out=held_out, epochs=len(self.records), accuracy=acc,
                       seconds=seconds, data_seconds=data_seconds, examples=examples,
                       met=met,
                       full_plan=self.recipe == recipe_of(PLANS[target], self.seed, held_out, None, None),
                       without=self.recipe['without'])
        write_text(os.path.join(self.folder, 'summary.json'), json.dumps(summary, indent=1))
        self.say('%s acc %.4f (each image and its mirror), %.1f min from the first batch '
                 '(data read before it: %.1f s)' % (held_out, acc, seconds / 60, data_seconds))
        self.say(line)
        return summary

    def measure_curve(self, graph, held_iter, held_out, ctx):
        """After the result: each epoch's snapshot on the held-out set, against the minutes at its end
        (curve.json, curve.png). It chooses nothing: the result is already written."""
        from chapter5.speedrun.results import draw_curve
        from chapter5.speedrun.steps import accuracy
        points, minutes = [], 0.0
        for record in self.records:
            minutes += record['seconds'] / 60
            if not os.path.exists(self.snapshot(record['epoch'])):
                continue  # an epoch of a session that kept no snapshot
            self.net.load_parameters(self.snapshot(record['epoch']), ctx=ctx)
            points.append(dict(epoch=record['epoch'], minutes=minutes,
                               accuracy=accuracy(graph, held_iter, self.plan.flip, ctx)[0]))
        write_text(os.path.join(self.folder, 'curve.json'), json.dumps(dict(held_out=held_out, points=points),
                                                                       indent=1))
        figure = draw_curve({self.plan.model: points}, held_out)
        save_whole(os.path.join(self.folder, 'curve.png'), lambda tmp: figure.savefig(tmp, format='png'))


def timed(record, seconds, used):
    """`record` (an epoch's, changed in place and returned) with its `seconds` and what they were made
    of: this process's CPU seconds and the machine's stolen and I/O-waiting ones since `used`
    (engine/cpu_use)."""
    record['seconds'] = seconds
    record.update(spent(used, cpu_use()))
    return record


def verdict(target, minutes, acc, seconds):
    """(met, one line): the target reached within its minutes, or by how much it was missed."""
    short, over = target - acc, seconds / 60 - minutes
    if short <= 0 and over <= 0:
        return True, 'target %.3f in %d min: met' % (target, minutes)
    misses = (['%.4f short of %.3f' % (short, target)] if short > 0 else []) + \
        (['%.1f min over %d' % (over, minutes)] if over > 0 else [])
    return False, 'target %.3f in %d min: missed (%s)' % (target, minutes, ', '.join(misses))
