"""chapter5.engine.records: what a run folder says of its run, and the folder's checks."""
import subprocess

import pytest

from chapter5.engine import records
from chapter5.engine.checkpoints import CheckpointError
from chapter5.utils import EpochResult


def test_epoch_line_is_the_books():
    line = records.epoch_line(EpochResult(5, 0.67041, 0.7331, 0.7544, 12.34))
    assert line == 'epoch 5, loss 0.6704, train acc 0.733, test acc 0.754, time 12.3 sec'


def test_refuse_existing_names_every_taken_folder(tmp_path):
    for name in ('lenet', 'nin'):
        (tmp_path / name).mkdir()
        (tmp_path / name / 'log.jsonl').write_text('')
    (tmp_path / 'alexnet').mkdir()  # empty: nothing of a run
    records.refuse_existing(str(tmp_path), ['alexnet', 'vgg11'], False, False)
    with pytest.raises(CheckpointError, match=r'lenet already holds a run: pass --resume'):
        records.refuse_existing(str(tmp_path), ['lenet'], False, False)
    with pytest.raises(CheckpointError, match=r'lenet, .*nin already hold a run'):
        records.refuse_existing(str(tmp_path), ['lenet', 'nin', 'alexnet'], False, False)
    records.refuse_existing(str(tmp_path), ['lenet'], True, False)
    records.refuse_existing(str(tmp_path), ['lenet'], False, True)


def test_session_names_the_cpu_and_the_versions():
    from chapter5 import __version__
    from chapter5.engine.cpu import record
    here = records.session()
    assert {k: here[k] for k in ('cpu', 'isa')} == record() and here['chapter5'] == __version__
    assert here['mxnet'] == '1.9.1' and here['cores'] >= 1


def test_the_commit_stamp_counts_code_changes_but_not_the_runs_own_results(tmp_path, tmp_path_factory):
    def git(*args):
        subprocess.run(['git', '-C', str(tmp_path), *args], check=True, capture_output=True)
    git('init', '-q')
    (tmp_path / 'chapter5').mkdir()
    (tmp_path / 'results').mkdir()
    (tmp_path / 'chapter5' / 'lenet.py').write_text('lr = 0.9\n')
    (tmp_path / 'results' / 'results.md').write_text('| model |\n')
    git('add', '.')
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'c')
    head = subprocess.run(['git', '-C', str(tmp_path), 'rev-parse', 'HEAD'], capture_output=True,
                          text=True).stdout.strip()
    assert records.git_commit(str(tmp_path)) == head
    # a run writing its tables into results/ (and new, untracked run folders) trains the same code
    (tmp_path / 'results' / 'results.md').write_text('| model |\n| lenet |\n')
    (tmp_path / 'results' / 'lenet').mkdir()
    assert records.git_commit(str(tmp_path)) == head
    (tmp_path / 'chapter5' / 'lenet.py').write_text('lr = 0.5\n')
    assert records.git_commit(str(tmp_path)) == head + '+changes'
    plain = tmp_path_factory.mktemp('not-a-repository')  # a folder outside any git checkout
    assert records.git_commit(str(plain)) is None
