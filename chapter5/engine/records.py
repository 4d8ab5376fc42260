"""A run folder's records: what trained it, its epochs, its curve; and the folder's checks.

    settings.json   the run: model, the recipe as trained, profile, seed, and each session that
                    trained it (`session`: date, machine, CPU model and ISA, threads, MXNet,
                    chapter5 and its commit)
    log.jsonl       one JSON object per epoch: epoch, loss, train_acc, test_acc, seconds, and
                    `paused` (seconds, when it was paused with kill -TSTP; not in `seconds`)
    train.log       the book's printed lines (`epoch_line`)
    curve.png       loss and both accuracies per epoch
    summary.json    the last epoch against the book's result (when the run is done)

Each is written whole (chapter5.engine.files). results/README.md documents the layout.
"""
import json
import os
import platform
import subprocess
import time

from chapter5 import __version__
from chapter5.engine import cpu
from chapter5.engine.checkpoints import AFRESH, CheckpointError
from chapter5.engine.files import save_whole, write_text

LOG_FIELDS = {'epoch': int, 'loss': float, 'train_acc': float, 'test_acc': float, 'seconds': float}
# seconds the epoch was paused (kill -TSTP), left out of its `seconds`; absent in logs made before
PAUSED = 'paused'


# a run folder copied from another run, not trained again, names its source in this file (one line)
COPIED_FROM = 'copied_from.txt'


def copied_from(folder):
    """The run this folder is a copy of (a path as its COPIED_FROM file says), or None."""
    try:
        with open(os.path.join(folder, COPIED_FROM), encoding='utf-8') as f:
            return f.read().strip() or None
    except FileNotFoundError:
        return None


def epoch_line(result):
    """The book's epoch line for an EpochResult (or a tuple of its five fields), as train_ch5 prints it."""
    return 'epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec' % tuple(result)


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


def refuse_existing(out, names, resume, overwrite):
    """Refuse to start runs of `names` in `out` where a run is, unless told to go on with it or to start
    afresh: the one place that refuses a run folder (the CLI before anything starts, run_recipe again)."""
    taken = [name for name in names if has_run(out, name)]
    if taken and not resume and not overwrite:
        raise CheckpointError('%s already hold%s a run: pass --resume to go on with it, or --overwrite to '
                              'start afresh' % (', '.join(os.path.join(out, n) for n in taken),
                                                's' if len(taken) == 1 else ''))


def read_log(path, what=AFRESH):
    """The records of a log.jsonl, each checked to have the fields of LOG_FIELDS with their types."""
    records = []
    try:
        with open(path, encoding='utf-8') as f:
            lines = [line for line in f if line.strip()]
    except FileNotFoundError:
        raise CheckpointError('%s is missing: %s' % (path, what)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise CheckpointError('%s is damaged (%s): %s' % (path, e, what)) from None
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


def git_commit(here):
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


def session():
    """Where and how this process trains: date, machine, CPU and ISA, threads, versions, commit."""
    from importlib.metadata import version
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {'started': time.strftime('%Y-%m-%d %H:%M:%S %z'), 'machine': platform.machine(),
            **cpu.record(), 'cores': os.cpu_count(),
            'threads': os.environ.get('OMP_NUM_THREADS', "MXNet's default"),
            'python': platform.python_version(), 'mxnet': version('mxnet'), 'chapter5': __version__,
            'commit': git_commit(here)}


def write_outputs(folder, name, profile, records):
    """log.jsonl, train.log and curve.png of the epochs so far, each written whole."""
    from chapter5.plots import plot_history
    from chapter5.utils import EpochResult
    write_text(os.path.join(folder, 'log.jsonl'), ''.join(json.dumps(r) + '\n' for r in records))
    epochs = [EpochResult(**{k: r[k] for k in LOG_FIELDS}) for r in records]
    write_text(os.path.join(folder, 'train.log'), ''.join(epoch_line(e) + '\n' for e in epochs))
    if records:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig = plot_history(epochs, '%s (%s profile)' % (name, profile))
        save_whole(os.path.join(folder, 'curve.png'), lambda tmp: fig.savefig(tmp, format='png'))
        plt.close(fig)
