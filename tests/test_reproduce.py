"""Reproduce: per-epoch logs and curves, whole checkpoints, resume, seeds, the results table."""
import json
import subprocess
import sys

import matplotlib.image
import pytest
from conftest import run_module, without_thread_settings

from chapter5.engine.reproduce import CheckpointError, profile_overrides, run_recipe, write_results
from chapter5.engine.threads import physical_cores

SHORT = dict(num_train=2560, num_test=500)  # LeNet on the first examples: seconds per run


def test_resumed_run_repeats_the_uninterrupted_one(tmp_path):
    whole = run_recipe('lenet', str(tmp_path / 'whole'), seed=3, **SHORT)
    run_recipe('lenet', str(tmp_path / 'cut'), seed=3, num_epochs=2, **SHORT)  # "stopped"
    resumed = run_recipe('lenet', str(tmp_path / 'cut'), seed=3, resume=True, **SHORT)
    strip = [{k: v for k, v in r.items() if k != 'seconds'} for r in whole]
    assert [{k: v for k, v in r.items() if k != 'seconds'} for r in resumed] == strip
    assert [r['epoch'] for r in resumed] == [1, 2, 3, 4, 5]
    log = (tmp_path / 'cut' / 'lenet' / 'log.jsonl').read_text().splitlines()
    assert [json.loads(line)['loss'] for line in log] == [r['loss'] for r in whole]


def test_same_seed_repeats_bit_for_bit_and_files_are_well_formed(tmp_path):
    first = run_recipe('lenet', str(tmp_path / 'a'), seed=5, num_epochs=2, **SHORT)
    second = run_recipe('lenet', str(tmp_path / 'b'), seed=5, num_epochs=2, **SHORT)
    assert [(r['loss'], r['train_acc'], r['test_acc']) for r in first] == \
        [(r['loss'], r['train_acc'], r['test_acc']) for r in second]
    folder = tmp_path / 'a' / 'lenet'
    records = [json.loads(line) for line in (folder / 'log.jsonl').read_text().splitlines()]
    assert [sorted(r) for r in records] == [['epoch', 'loss', 'seconds', 'test_acc', 'train_acc']] * 2
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


def test_truncated_checkpoint_is_refused(tmp_path):
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    params = tmp_path / 'lenet' / 'checkpoint.params'
    params.write_bytes(params.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match='damaged checkpoint: .*checkpoint.params.*sha256'):
        run_recipe('lenet', str(tmp_path), seed=1, resume=True, **SHORT)
    (tmp_path / 'lenet' / 'checkpoint.json').write_text('{"files": ')
    with pytest.raises(CheckpointError, match='damaged checkpoint .*checkpoint.json.*start afresh'):
        run_recipe('lenet', str(tmp_path), seed=1, resume=True, **SHORT)


def test_resume_needs_a_checkpoint_and_the_same_seed(tmp_path):
    with pytest.raises(CheckpointError, match='no checkpoint to resume from'):
        run_recipe('lenet', str(tmp_path), seed=1, resume=True, **SHORT)
    run_recipe('lenet', str(tmp_path), seed=1, num_epochs=1, **SHORT)
    with pytest.raises(CheckpointError, match='made with seed 1, not 2: resume with --seed 1'):
        run_recipe('lenet', str(tmp_path), seed=2, resume=True, **SHORT)
    with pytest.raises(CheckpointError, match='the book profile, not cpu: resume with --profile book'):
        run_recipe('lenet', str(tmp_path), seed=1, resume=True, profile='cpu', **SHORT)


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


def test_train_cli_writes_a_resumable_run(tmp_path):
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--epochs', '1', '--seed', '0',
                                '--out', str(tmp_path))
    assert code == 0, err
    assert json.loads((tmp_path / 'lenet_bn' / 'checkpoint.json').read_text())['epoch'] == 1
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--epochs', '2', '--seed', '0',
                                '--out', str(tmp_path), '--resume')
    assert code == 0, err
    assert 'epoch 2, loss' in out and 'epoch 1, loss' not in out
    code, _, err = run_module('chapter5', 'train', 'lenet', '--resume')
    assert code == 2 and '--resume needs --out' in err
