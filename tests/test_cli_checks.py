"""chapter5.cli.checks: the one validation step: combinations of options refused with one line."""
import pytest

from chapter5.cli import checks
from chapter5.cli.options import build_parser


def problem(*argv):
    return checks.problem(build_parser().parse_args(list(argv)))


@pytest.mark.parametrize('argv, words', [
    (['exercises', '5.5', '--quick', '--record'], 'run it without --quick'),
    (['train', 'lenet', '--book-path', '--out', 'x'], 'keeps no checkpoints'),
    (['train', 'lenet', '--resume'], '--resume and --overwrite need --out DIR'),
    (['train', 'lenet', '--book-path', '--ctx', 'cpu:0,cpu:1'], 'on one device'),
    (['train', 'lenet', '--kvstore', 'dist_sync'], 'needs --seed N'),
    (['train', 'lenet', '--resize', '8'], '--resize 8 is too small for lenet'),
    (['launch', '-n', '1'], "give the workers' command after --"),
    (['reproduce', 'lenet', '--seed', '0', '--seeds', '1,2'], '--seed and --seeds contradict'),
    (['predict', 'runs/lenet'], 'give IMAGE files to classify, or --grid'),
])
def test_each_contradiction_is_one_line(argv, words):
    found = problem(*argv)
    assert words in found and '\n' not in found


def test_a_worker_without_a_parameter_server_is_sent_to_launch(monkeypatch):
    monkeypatch.delenv('DMLC_ROLE', raising=False)
    found = problem('train', 'lenet', '--kvstore', 'dist_sync', '--seed', '0')
    assert 'start it with chapter5 launch' in found


def test_run_folders_refuse_a_taken_folder_and_both_flags(tmp_path):
    (tmp_path / 'lenet').mkdir()
    (tmp_path / 'lenet' / 'log.jsonl').write_text('')
    assert 'already holds a run' in problem('train', 'lenet', '--out', str(tmp_path))
    assert 'contradict' in problem('train', 'lenet', '--out', str(tmp_path), '--resume', '--overwrite')
    assert problem('train', 'lenet', '--out', str(tmp_path), '--resume') is None
    assert 'already holds a run' in problem('reproduce', 'lenet', '--out', str(tmp_path))


def test_fine_command_lines_pass():
    assert problem('list') is None and problem('train', 'lenet') is None
    assert problem('launch', '--', 'chapter5', 'train', 'lenet') is None
    args = build_parser().parse_args(['reproduce', '--seeds', '1,2', '--out', 'o'])
    assert checks.reproduce_runs(args) == [(1, 'o/seed-1'), (2, 'o/seed-2')]
