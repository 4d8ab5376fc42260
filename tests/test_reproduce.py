"""Reproduce: per-epoch logs and curves, whole checkpoints, resume, seeds, the results table, and the
faults: kills at any moment, damaged files, bad arguments."""
import json
import os
import random
import re
import signal
import subprocess
import sys

import matplotlib.image
import pytest
from conftest import EPOCH_LINE, run_module, without_thread_settings

from chapter5.engine import files, records, reproduce
from chapter5.engine.checkpoints import CheckpointError
from chapter5.engine.reproduce import profile_overrides, run_recipe, write_results
from chapter5.engine.threads import physical_cores

SHORT = dict(num_train=2560, num_test=500)  # LeNet on the first examples: seconds per run


class Killed(BaseException):
    """Stands for a kill right after a commit (the process gone, nothing else written)."""


def stop_after_commit(monkeypatch, epoch):
    commit = reproduce.commit

    def commit_then_die(folder, done, *args):
        commit(folder, done, *args)
        if done == epoch:
            raise Killed
    monkeypatch.setattr(reproduce, 'commit', commit_then_die)


# lenet_bn_scratch: its BatchNorms' moving statistics are Python state, kept in the checkpoint apart
# (`moving`): without them the resumed run's test accuracies would differ from the whole run's
@pytest.mark.parametrize('name', ['lenet', 'lenet_bn_scratch'])
def test_resumed_run_repeats_the_uninterrupted_one(tmp_path, monkeypatch, name):
    whole = run_recipe(name, str(tmp_path / 'whole'), seed=3, **SHORT)
    stop_after_commit(monkeypatch, 2)
    with pytest.raises(Killed):
        run_recipe(name, str(tmp_path / 'cut'), seed=3, **SHORT)
    monkeypatch.undo()
    assert os.listdir(tmp_path / 'cut' / name / 'checkpoints') == ['epoch-2']
    meta = tmp_path / 'cut' / name / 'checkpoints' / 'epoch-2' / 'meta.json'
    kept = json.loads(meta.read_text())['files']
    assert ('moving' in kept) == (name == 'lenet_bn_scratch')
    resumed = run_recipe(name, str(tmp_path / 'cut'), seed=3, resume=True, **SHORT)
    strip = [{k: v for k, v in r.items() if k != 'seconds'} for r in whole]
    assert [{k: v for k, v in r.items() if k != 'seconds'} for r in resumed] == strip
    assert [r['epoch'] for r in resumed] == [1, 2, 3, 4, 5]
    log = (tmp_path / 'cut' / name / 'log.jsonl').read_text().splitlines()
    assert [json.loads(line)['loss'] for line in log] == [r['loss'] for r in whole]


def test_same_seed_repeats_bit_for_bit_and_files_are_well_formed(tmp_path):
    first = run_recipe('lenet', str(tmp_path / 'a'), seed=5, num_epochs=2, **SHORT)
    second = run_recipe('lenet', str(tmp_path / 'b'), seed=5, num_epochs=2, **SHORT)
    assert [(r['loss'], r['train_acc'], r['test_acc']) for r in first] == \
        [(r['loss'], r['train_acc'], r['test_acc']) for r in second]
    folder = tmp_path / 'a' / 'lenet'
    records = [json.loads(line) for line in (folder / 'log.jsonl').read_text().splitlines()]
    assert [sorted(r) for r in records] == [['epoch', 'loss', 'seconds', 'test_acc', 'train_acc']] * 2
    settings = json.loads((folder / 'settings.json').read_text())
    assert settings['recipe'] == dict(model='lenet', profile='book', seed=5, lr=0.9, batch_size=256,
                                      resize=None, num_epochs=2, num_train=2560, num_test=500)
    (session,) = settings['sessions']
    assert session['from_epoch'] == 1 and session['mxnet'] == '1.9.1' and session['started'][:2] == '20'
    from chapter5.engine.cpu import record
    assert {k: session[k] for k in ('cpu', 'isa')} == record()  # where the numbers came from
    # one committed checkpoint, the last epoch's, that the pointer names
    pointer = json.loads((folder / 'checkpoint.json').read_text())
    assert pointer == {'epoch': 2, 'folder': 'checkpoints/epoch-2'}
    assert os.listdir(folder / 'checkpoints') == ['epoch-2']
    assert (folder / 'train.log').read_text().startswith('epoch 1, loss ')
    png = folder / 'curve.png'
    assert png.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert matplotlib.image.imread(str(png)).shape[2] in (3, 4)
    assert not list(folder.glob('*.tmp')), 'every file is written whole'


def test_same_seed_repeats_bit_for_bit_on_every_core(tmp_path):
    # make test runs one thread per worker; a user's run gets every core (chapter5.engine.threads)
    code = ('import json, os, sys\n'
            'from chapter5.engine.threads import use_every_core\n'
            'use_every_core()\n'
            'from chapter5.engine.reproduce import run_recipe\n'
            'runs = [run_recipe("lenet", sys.argv[1] + "/" + d, seed=5, num_epochs=2, num_train=2560, '
            'num_test=500) for d in "ab"]\n'
            'print(json.dumps([os.environ["OMP_NUM_THREADS"], [[(r["loss"], r["test_acc"]) for r in run] '
            'for run in runs]]))')
    proc = subprocess.run([sys.executable, '-c', code, str(tmp_path)], capture_output=True, text=True,
                          env=without_thread_settings())
    assert proc.returncode == 0, proc.stderr
    threads, (first, second) = json.loads(proc.stdout.splitlines()[-1])
    assert threads == str(physical_cores())
    assert first == second and len(first) == 2


@pytest.mark.parametrize('damage, words', [
    (lambda f: (f / 'checkpoints' / 'epoch-1' / 'params').write_bytes(
        (f / 'checkpoints' / 'epoch-1' / 'params').read_bytes()[:1000]),
     r'epoch-1/params is missing or does not'),
    (lambda f: (f / 'checkpoints' / 'epoch-1' / 'optimizer.nd').unlink(),
     r'epoch-1/optimizer.nd is missing or does not'),
    (lambda f: (f / 'checkpoint.json').write_text('{"epoch": '), r'checkpoint.json is damaged \('),
    (lambda f: (f / 'checkpoint.json').write_text('{"epoch": "1", "folder": "checkpoints/epoch-1"}'),
     r'checkpoint.json is damaged: it needs "epoch" \(a whole number'),
    (lambda f: (f / 'checkpoint.json').write_text('{"epoch": 1}'), r'needs "epoch" .* and "folder"'),
    (lambda f: (f / 'checkpoints' / 'epoch-1' / 'meta.json').write_text('{"files": []}'),
     r'meta.json is damaged: it needs "recipe"'),
])
def test_a_damaged_checkpoint_is_refused_by_name(tmp_path, damage, words):
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    damage(tmp_path / 'lenet')
    with pytest.raises(CheckpointError, match=words + '.*--overwrite'):
        run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, resume=True, **SHORT)


def test_a_damaged_log_in_a_checkpoint_is_refused_even_with_its_sha256_matching(tmp_path):
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    epoch = tmp_path / 'lenet' / 'checkpoints' / 'epoch-1'
    (epoch / 'log').write_text('{"epoch": 1, "loss": "low"}\n')
    meta = json.loads((epoch / 'meta.json').read_text())
    meta['files']['log'] = files.sha256(str(epoch / 'log'))
    (epoch / 'meta.json').write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match=r'log is damaged at line 1 \(each line must be a JSON object'):
        run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, resume=True, **SHORT)


def test_resume_refuses_another_recipe_naming_each_difference(tmp_path):
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    for change, words in [(dict(seed=2), 'seed 1 (checkpoint) against 2 (now)'),
                          (dict(profile='cpu'), 'profile book (checkpoint) against cpu (now)'),
                          (dict(lr=0.5), 'lr 0.9 (checkpoint) against 0.5 (now)'),
                          (dict(batch_size=128), 'batch_size 256 (checkpoint) against 128 (now)'),
                          (dict(resize=32), 'resize None (checkpoint) against 32 (now)'),
                          (dict(num_epochs=2), 'num_epochs 1 (checkpoint) against 2 (now)')]:
        options = dict(seed=1, num_epochs=1, **SHORT)
        options.update(change)
        with pytest.raises(CheckpointError, match='made with another recipe: ' + re.escape(words)):
            run_recipe('lenet', str(tmp_path), resume=True, **options)
    with pytest.raises(CheckpointError, match='made with another recipe: .*model'):
        (tmp_path / 'lenet_bn').symlink_to(tmp_path / 'lenet')
        run_recipe('lenet_bn', str(tmp_path), seed=1, num_epochs=1, resume=True, **SHORT)


def test_a_folder_with_a_run_is_refused_without_resume_and_replaced_with_overwrite(tmp_path):
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / 'lenet').rglob('*')}
    with pytest.raises(CheckpointError, match='already holds a run: pass --resume .* or --overwrite'):
        run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / 'lenet').rglob('*')} == before
    records = run_recipe('lenet', str(tmp_path), seed=2, num_epochs=1, overwrite=True, **SHORT)
    assert json.loads((tmp_path / 'lenet' / 'settings.json').read_text())['recipe']['seed'] == 2
    assert len(records) == 1


def test_results_table_says_pass_or_fail_against_the_band(tmp_path):
    run_recipe('lenet_bn', str(tmp_path), seed=0, num_epochs=1, **SHORT)
    (row,) = write_results(str(tmp_path))
    assert row['book_test_acc'] == 0.881 and row['passed'] == (row['test_acc'] >= 0.861)
    table = (tmp_path / 'results.md').read_text().splitlines()
    assert table[0].startswith('| model | profile | input | epochs |') and 'book - 0.02' in table[0]
    assert table[2].startswith('| lenet_bn | book | 28 | 1 |')
    assert table[2].endswith('| num_epochs=1, num_test=500, num_train=2560 |')
    assert json.loads((tmp_path / 'results.json').read_text()) == [row]


def test_results_table_says_when_the_cpu_profile_is_the_books_recipe(tmp_path):
    for name, resize in (('lenet', None), ('alexnet', 96)):
        (tmp_path / name).mkdir()
        (tmp_path / name / 'summary.json').write_text(json.dumps({
            'model': name, 'profile': 'cpu', 'resize': resize, 'epochs': 5, 'loss': 0.5,
            'train_acc': 0.8, 'test_acc': 0.8, 'book_test_acc': 0.754, 'passed': True,
            'seconds': 60.0, 'overrides': {'resize': resize}}))
    write_results(str(tmp_path))
    table = (tmp_path / 'results.md').read_text().splitlines()
    assert table[2].startswith('| lenet | cpu = book | 28 | 5 |') and table[2].endswith('| - |')
    assert table[3].startswith('| alexnet | cpu | 96 | 5 |') and table[3].endswith('| - |')


def test_cpu_profile_shrinks_only_the_224_recipes():
    assert profile_overrides('alexnet', 'cpu') == {'resize': 96}
    assert profile_overrides('vgg11_small', 'cpu') == {'resize': 96}
    assert profile_overrides('nin', 'cpu') == {'resize': 96}
    for name in ('lenet', 'googlenet', 'resnet18', 'densenet', 'lenet_bn'):
        assert profile_overrides(name, 'cpu') == {}
    assert profile_overrides('alexnet', 'book') == {}
    with pytest.raises(ValueError, match="unknown profile 'gpu'"):
        profile_overrides('alexnet', 'gpu')


QUICK_RUN = ['--seed', '0', '--num-train', '3000', '--num-test', '500']


def test_train_cli_writes_a_run_with_the_resize_it_used(tmp_path):
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--epochs', '1', '--resize', '32',
                                '--out', str(tmp_path), *QUICK_RUN)
    assert code == 0, err
    folder = tmp_path / 'lenet_bn'
    assert json.loads((folder / 'checkpoint.json').read_text())['epoch'] == 1
    assert json.loads((folder / 'summary.json').read_text())['resize'] == 32
    assert json.loads((folder / 'settings.json').read_text())['recipe']['resize'] == 32
    # resuming a finished run trains nothing, says so, and leaves the folder as it was
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--epochs', '1', '--resize', '32',
                                '--out', str(tmp_path), '--resume', *QUICK_RUN)
    assert code == 0, err
    assert 'epoch 1, loss' not in out and 'is finished (1 of 1 epochs): nothing to train' in out
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.parametrize('args, words', [
    (['train', 'lenet', '--resize', '5'],
     '--resize 5 is too small for lenet: its layers need at least 16x16'),
    (['train', 'alexnet', '--resize', '60'], 'at least 67x67'),
    (['train', 'lenet', '--seed', '-1'], "argument --seed: -1 is outside 0 to 2**32 - 1"),
    (['train', 'lenet', '--seed', str(2 ** 32)], 'is outside 0 to 2**32 - 1'),
    (['train', 'lenet', '--seed', 'x'], "'x' is not a whole number"),
    (['train', 'lenet', '--resume'], '--resume and --overwrite need --out DIR'),
    (['train', 'lenet', '--book-path', '--out', 'x'], 'keeps no checkpoints'),
    (['reproduce', 'lenet', '--resume', '--overwrite'], 'contradict each other'),
])
def test_bad_arguments_exit_2_with_one_line_saying_what_to_do(args, words, tmp_path):
    out_option = ['--out', str(tmp_path)] if args[0] == 'reproduce' else []
    code, out, err = run_module('chapter5', *args, *out_option)
    assert code == 2 and words in err, err
    assert 'Traceback' not in err and 'epoch 1' not in out


def test_out_naming_a_file_or_a_place_under_one_is_refused(tmp_path):
    (tmp_path / 'file').write_text('x')
    for out in (tmp_path / 'file', tmp_path / 'file' / 'runs'):
        for command in (['train', 'lenet'], ['reproduce', 'lenet']):
            code, _, err = run_module('chapter5', *command, '--out', str(out))
            assert code == 2 and 'is a file, not a folder' in err and 'Traceback' not in err, err


def test_out_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(os, 'access', lambda path, mode: False)  # (root may write anywhere here)
    with pytest.raises(CheckpointError, match='cannot be written here; name a folder you can write to'):
        records.check_out(str(tmp_path / 'runs'))


def test_cli_refuses_a_folder_with_a_run_and_touches_nothing(tmp_path):
    code, _, err = run_module('chapter5', 'train', 'lenet', '--epochs', '1', '--out', str(tmp_path),
                              *QUICK_RUN)
    assert code == 0, err
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob('*')}
    for command in (['train', 'lenet', '--epochs', '1', *QUICK_RUN], ['reproduce', 'lenet_bn', 'lenet']):
        code, out, err = run_module('chapter5', *command, '--out', str(tmp_path))
        assert code == 2 and 'already holds a run: pass --resume' in err and 'lenet' in err, err
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob('*')} == before
    (tmp_path / 'lenet' / 'checkpoint.json').write_text('{"epoch": true, "folder": 3}')
    code, _, err = run_module('chapter5', 'train', 'lenet', '--epochs', '1', '--out', str(tmp_path),
                              '--resume', *QUICK_RUN)
    said = [line for line in err.splitlines() if 'GPU support is disabled' not in line]  # MXNet's C++ log
    assert code == 1 and len(said) == 1 and 'checkpoint.json is damaged' in said[0], err


def _strip(records):
    return [{k: v for k, v in r.items() if k not in ('seconds', 'paused')} for r in records]


def kill_and_resume(out, args, rng, kills, limit):
    """Run `chapter5 train ARGS --out OUT --resume` again and again, each killed with SIGKILL after a random
    moment, `kills` times, then to the end; returns the exit codes of the runs not killed."""
    command = [sys.executable, '-m', 'chapter5', 'train', *args, '--out', str(out), '--resume']
    codes = []
    for attempt in range(kills + 1):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if attempt < kills:
            try:
                proc.wait(timeout=rng.uniform(0.5, limit))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                continue
        _, err = proc.communicate(timeout=300)
        codes.append((proc.returncode, err[-2000:]))
        if proc.returncode == 0:
            break
    return codes


def test_killed_at_random_moments_and_resumed_it_ends_as_the_uninterrupted_run(tmp_path):
    """SIGKILL at random moments (seeded), resuming each time: every resume works, and the per-epoch
    log ends equal to the uninterrupted run's. A longer version: benchmarks/kill_resume.py."""
    args = ['lenet', '--epochs', '3', *QUICK_RUN]
    code, _, err = run_module('chapter5', 'train', *args, '--out', str(tmp_path / 'whole'))
    assert code == 0, err
    codes = kill_and_resume(tmp_path / 'cut', args, random.Random(1), kills=6, limit=8)
    assert [c for c, _ in codes if c != 0] == [], codes
    assert codes[-1][0] == 0
    logs = [records.read_log(str(tmp_path / d / 'lenet' / 'log.jsonl')) for d in ('whole', 'cut')]
    assert _strip(logs[1]) == _strip(logs[0]) and [r['epoch'] for r in logs[1]] == [1, 2, 3]


def test_a_paused_epoch_records_its_pause_apart_from_its_seconds(tmp_path, monkeypatch):
    class Paused7SecondsInEpoch1:  # stands for kill -TSTP ... kill -CONT during the first epoch
        def __init__(self):
            self.paused, self.calls = 0.0, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def __call__(self):
            self.calls += 1
            if self.calls == 2:  # the first epoch's end: 7 s of it were spent stopped
                self.paused = 7.0
            return 100.0 + 3 * self.calls
    monkeypatch.setattr(reproduce, 'PauseClock', Paused7SecondsInEpoch1)
    epochs = run_recipe('lenet', str(tmp_path), seed=0, num_epochs=2, **SHORT)
    assert epochs[0]['paused'] == 7.0 and 'paused' not in epochs[1]
    assert [r['seconds'] for r in epochs] == [3.0, 3.0]  # the clock's own seconds, pause left out
    assert records.read_log(str(tmp_path / 'lenet' / 'log.jsonl')) == epochs
    assert json.loads((tmp_path / 'lenet' / 'summary.json').read_text())['paused_seconds'] == 7.0


# A run folder written by the code before the engine's rooms (commit f685739), stopped after its first
# whole epoch of two: from-scratch BN-LeNet (params, states, log and the moving statistics), seed 0,
# the first 2,560 training and 500 test images. tests/data/README.md says how it was made.
OLD_RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'run-f685739')


def test_a_run_made_before_the_rooms_resumes_predicts_and_exports(tmp_path):
    import shutil
    runs = tmp_path / 'runs'
    shutil.copytree(OLD_RUN, str(runs))
    resume = ['train', 'lenet_bn_scratch', '--seed', '0', '--epochs', '2', '--num-train', '2560',
              '--num-test', '500', '--out', str(runs), '--resume']
    # its trainer state is a pickle (Gluon's save_states), never read: plain SGD keeps no state
    code, out, err = run_module('chapter5', *resume)
    assert code == 0, err
    epochs = [EPOCH_LINE.fullmatch(line) for line in out.splitlines()[1:]]
    assert [int(m.group(1)) for m in epochs] == [2], out  # epoch 1 came from the old checkpoint
    folder = runs / 'lenet_bn_scratch'
    records = [json.loads(line) for line in (folder / 'log.jsonl').read_text().splitlines()]
    assert [r['epoch'] for r in records] == [1, 2] and records[1]['loss'] < records[0]['loss']
    sessions = json.loads((folder / 'settings.json').read_text())['sessions']
    assert [s['commit'][:7] for s in sessions][0] == 'f685739' and 'cpu' in sessions[1]
    code, out, err = run_module('chapter5', 'predict', str(OLD_RUN), '--grid', str(tmp_path / 'grid.png'))
    assert code == 0 and 'accuracy on them' in out, err
    code, out, err = run_module('chapter5', 'export', str(OLD_RUN), '--format', 'onnx',
                                '-o', str(tmp_path / 'old.onnx'))
    assert code == 0 and (tmp_path / 'old.onnx').stat().st_size > 0, err


class Plant:
    """A pickle that, when loaded, creates the file `path`: what a hostile run folder would carry."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, 'w'))


def test_a_payload_planted_in_any_file_of_a_run_folder_runs_nowhere(tmp_path, capsys, monkeypatch):
    """Every file of a run folder in turn replaced by a pickle payload (its sha256 updated where
    meta.json lists it, so that the loaders reach it): --resume, predict and export run none of it,
    and no exception escapes the CLI. Then the old format's pickled `states`, planted and listed: not
    read either."""
    import pickle
    import shutil

    from chapter5.__main__ import main
    run_recipe('lenet', str(tmp_path / 'clean'), seed=0, num_epochs=1, **SHORT)
    marker = str(tmp_path / 'ran')
    payload = pickle.dumps(Plant(marker))
    clean = tmp_path / 'clean' / 'lenet'
    names = sorted(os.path.relpath(os.path.join(d, f), clean) for d, _, fs in os.walk(clean) for f in fs)
    assert 'checkpoints/epoch-1/optimizer.nd' in names and len(names) >= 10
    for name in names + ['checkpoints/epoch-1/states']:
        out = tmp_path / 'planted'
        shutil.rmtree(str(out), ignore_errors=True)
        shutil.copytree(str(tmp_path / 'clean'), str(out))
        epoch = out / 'lenet' / 'checkpoints' / 'epoch-1'
        if name.endswith('/states'):  # the old format: a pickled trainer state instead of the data
            old_format(epoch, marker)
        else:
            (out / 'lenet' / name).write_bytes(payload)
        if name.startswith('checkpoints/epoch-1/') and not name.endswith(('/meta.json', '/states')):
            meta = json.loads((epoch / 'meta.json').read_text())
            meta['files'][os.path.basename(name)] = files.sha256(str(out / 'lenet' / name))
            (epoch / 'meta.json').write_text(json.dumps(meta))
        errs = {}
        for argv in (['train', 'lenet', '--seed', '0', '--epochs', '1', '--num-train', '2560',
                      '--num-test', '500', '--out', str(out), '--resume'],
                     ['predict', str(out), '--grid', str(tmp_path / 'g.png')],
                     ['export', str(out), '--format', 'onnx', '-o', str(tmp_path / 'x.onnx')]):
            try:
                main(argv)
            except SystemExit:
                pass
            errs[argv[0]] = capsys.readouterr().err
            assert not os.path.exists(marker), (name, argv)
    assert errs['train'] == ''  # the old format resumes without reading the planted pickle


def old_format(epoch_folder, marker):
    """Make a checkpoint folder look as one written before 2026-11-29: a `states` file (here a pickle
    that would create `marker` if read) listed in meta.json instead of optimizer.json and optimizer.nd."""
    import pickle
    (epoch_folder / 'states').write_bytes(pickle.dumps(Plant(marker)))
    meta = json.loads((epoch_folder / 'meta.json').read_text())
    del meta['files']['optimizer.json'], meta['files']['optimizer.nd']
    meta['files']['states'] = files.sha256(str(epoch_folder / 'states'))
    (epoch_folder / 'meta.json').write_text(json.dumps(meta))


def test_an_old_checkpoint_resumes_to_the_same_numbers_without_its_pickle(tmp_path, monkeypatch):
    """Plain SGD at a constant rate keeps no state: resuming from the old format (its pickle unread)
    gives the epochs that resuming from the same checkpoint in the new format gives."""
    import shutil
    stop_after_commit(monkeypatch, 1)
    with pytest.raises(Killed):
        run_recipe('lenet', str(tmp_path / 'new'), seed=3, num_epochs=2, **SHORT)
    monkeypatch.undo()
    shutil.copytree(str(tmp_path / 'new'), str(tmp_path / 'old'))
    old_format(tmp_path / 'old' / 'lenet' / 'checkpoints' / 'epoch-1', str(tmp_path / 'ran'))
    new = run_recipe('lenet', str(tmp_path / 'new'), seed=3, num_epochs=2, resume=True, **SHORT)
    old = run_recipe('lenet', str(tmp_path / 'old'), seed=3, num_epochs=2, resume=True, **SHORT)
    assert [(r['loss'], r['test_acc']) for r in old] == [(r['loss'], r['test_acc']) for r in new]
    assert not (tmp_path / 'ran').exists()


def test_an_old_checkpoint_is_refused_where_the_trainer_needs_its_state(tmp_path):
    from mxnet import gluon

    from chapter5.engine.checkpoints import load_trainer
    run_recipe('lenet', str(tmp_path), seed=0, num_epochs=1, **SHORT)
    epoch = tmp_path / 'lenet' / 'checkpoints' / 'epoch-1'
    old_format(epoch, str(tmp_path / 'ran'))
    meta = json.loads((epoch / 'meta.json').read_text())
    net = gluon.nn.Dense(2)
    net.initialize()
    momentum = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
    with pytest.raises(CheckpointError, match='as a Python pickle .* which this project never reads'):
        load_trainer(str(epoch), meta, momentum)
    assert not (tmp_path / 'ran').exists()
