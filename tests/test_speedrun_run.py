"""chapter5.speedrun.run and `chapter5 speedrun`: a tiny budget learns and leaves a run folder that
predict and export use; a killed run resumes to the same epochs; bad options get one line."""
import json

import pytest
from conftest import run_module

from chapter5.engine.checkpoints import CheckpointError
from chapter5.speedrun import run as speedrun_run
from chapter5.speedrun.plans import PLANS
from chapter5.speedrun.run import speedrun, verdict

# the tiny budget of the command's test: 2 epochs of the first 8,000 training images
TINY = ['--epochs', '2', '--num-train', '8000', '--num-test', '2000']
# the lowest test accuracy on the first 2,000 test images that the tiny budget counts as learned
# (chance is 0.1; measured over seeds in docs/speedrun.md)
LEARNED = 0.70
MODEL = PLANS[0.93].model


@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp('speedrun')
    code, stdout, stderr = run_module('chapter5', 'speedrun', *TINY, '--out', str(out))
    return out / MODEL, code, stdout, stderr


def test_a_tiny_budget_learns_and_prints_its_epochs_and_result(tiny_run):
    folder, code, out, err = tiny_run
    assert code == 0, err
    summary = json.loads((folder / 'summary.json').read_text())
    assert summary['accuracy'] >= LEARNED and summary['examples'] == 2000 and summary['held_out'] == 'test'
    assert summary['full_plan'] is False and summary['met'] is False and summary['epochs'] == 2
    lines = out.splitlines()
    assert lines[0].startswith('epoch 1, loss ') and lines[1].startswith('epoch 2, loss ')
    assert lines[2].startswith('test acc %.4f (each image and its mirror)' % summary['accuracy'])
    assert lines[3] == 'target 0.930 in 10 min: missed (%.4f short of 0.930)' % (0.93 - summary['accuracy'])
    assert (folder / 'train.log').read_text().splitlines() == lines


def test_the_folder_holds_the_log_checkpoint_and_a_curve_ending_at_the_result(tiny_run):
    folder = tiny_run[0]
    log = [json.loads(line) for line in (folder / 'log.jsonl').read_text().splitlines()]
    assert [r['epoch'] for r in log] == [1, 2] and log[1]['loss'] < log[0]['loss'] and log[1]['lr'] < 1e-9
    for r in log:  # what each epoch's seconds were made of: the process computed, the machine's waits
        assert 0 < r['cpu_seconds'] and r['steal_seconds'] >= 0 and r['iowait_seconds'] >= 0
    curve = json.loads((folder / 'curve.json').read_text())
    summary = json.loads((folder / 'summary.json').read_text())
    assert [p['epoch'] for p in curve['points']] == [1, 2]
    assert curve['points'][1]['accuracy'] == summary['accuracy']  # the last snapshot is the result's network
    assert curve['points'][1]['minutes'] < summary['seconds'] / 60
    settings = json.loads((folder / 'settings.json').read_text())
    assert settings['recipe']['model'] == MODEL and settings['sessions'][0]['cpu']
    assert json.loads((folder / 'checkpoint.json').read_text())['epoch'] == 2
    assert (folder / 'curve.png').stat().st_size > 0


def test_predict_and_export_take_the_speedrun_folder(tiny_run, tmp_path):
    folder = tiny_run[0]
    code, out, err = run_module('chapter5', 'predict', str(folder.parent), '--grid', str(tmp_path / 'g.png'))
    assert code == 0 and 'the first 16 test images; accuracy on them' in out, err
    code, out, err = run_module('chapter5', 'export', str(folder), '--format', 'onnx', '-o',
                                str(tmp_path / 'm.onnx'))
    assert code == 0 and (tmp_path / 'm.onnx').stat().st_size > 0, err


def test_a_killed_run_resumes_to_the_epochs_of_an_uninterrupted_one(tmp_path, monkeypatch, capsys):
    budget = dict(epochs=2, num_train=1500, num_test=500, seed=3)
    whole = speedrun(0.93, str(tmp_path / 'whole'), **budget)
    commits = []
    real_commit = speedrun_run.commit

    def killed_after_the_first_epoch(*args):
        real_commit(*args)
        commits.append(args[1])
        raise KeyboardInterrupt
    monkeypatch.setattr(speedrun_run, 'commit', killed_after_the_first_epoch)
    with pytest.raises(KeyboardInterrupt):
        speedrun(0.93, str(tmp_path / 'killed'), **budget)
    monkeypatch.setattr(speedrun_run, 'commit', real_commit)
    resumed = speedrun(0.93, str(tmp_path / 'killed'), resume=True, **budget)
    assert commits == [1] and resumed['accuracy'] == whole['accuracy']
    logs = [[json.loads(line) for line in (tmp_path / name / MODEL / 'log.jsonl').read_text()
             .splitlines()] for name in ('whole', 'killed')]
    assert [(r['loss'], r['train_acc']) for r in logs[0]] == [(r['loss'], r['train_acc']) for r in logs[1]]
    # the epoch before the kill keeps what its seconds were made of (read back from its checkpoint)
    assert [sorted(r) for r in logs[1]] == [sorted(r) for r in logs[0]] and logs[1][0]['cpu_seconds'] > 0
    before = (tmp_path / 'whole' / MODEL / 'summary.json').read_bytes()
    assert speedrun(0.93, str(tmp_path / 'whole'), resume=True, **budget) == whole  # finished: not read again
    assert (tmp_path / 'whole' / MODEL / 'summary.json').read_bytes() == before
    assert 'is finished (2 of 2 epochs, its result read once): nothing to do' in capsys.readouterr().out
    with pytest.raises(CheckpointError, match=r'recipe: num_epochs 2 \(checkpoint\) against 3 \(now\)'):
        speedrun(0.93, str(tmp_path / 'killed'), resume=True, **dict(budget, epochs=3))


@pytest.mark.parametrize('args, words', [
    (['--target', '0.9'], "argument --target: 0.9 is not a target; the targets are 0.93, 0.945"),
    (['--resume', '--overwrite'], '--resume and --overwrite contradict each other'),
    (['--epochs', '0'], 'argument --epochs: 0 must be > 0'),
])
def test_bad_options_get_one_line_and_exit_2(args, words, tmp_path):
    code, out, err = run_module('chapter5', 'speedrun', '--out', str(tmp_path), *args)
    assert code == 2 and words in err and not out and not list(tmp_path.iterdir())


def test_a_folder_holding_a_run_is_refused_without_resume_or_overwrite(tiny_run):
    code, out, err = run_module('chapter5', 'speedrun', '--out', str(tiny_run[0].parent))
    assert code == 2 and 'already holds a run: pass --resume' in err and not out


def test_an_ablation_is_kept_apart_and_named_in_its_recipe(tmp_path):
    from chapter5.cli.checks import speedrun_out
    from chapter5.cli.options import build_parser
    args = build_parser().parse_args(['speedrun', '--without', 'flip', '--seed', '3'])
    assert speedrun_out(args) == 'runs/speedrun/without-flip/seed-3'
    summary = speedrun(0.93, str(tmp_path), epochs=1, num_train=256, num_test=100, without='flip')
    settings = json.loads((tmp_path / MODEL / 'settings.json').read_text())
    assert settings['recipe']['flip'] is False
    assert settings['recipe']['profile'] == 'speedrun (test, without flip)'
    assert summary['without'] == 'flip' and summary['full_plan'] is False


def test_the_verdict_says_what_was_missed():
    assert verdict(0.93, 10, 0.931, 590) == (True, 'target 0.930 in 10 min: met')
    assert verdict(0.93, 10, 0.925, 590)[1] == 'target 0.930 in 10 min: missed (0.0050 short of 0.930)'
    assert verdict(0.945, 60, 0.95, 3660)[1] == 'target 0.945 in 60 min: missed (1.0 min over 60)'
