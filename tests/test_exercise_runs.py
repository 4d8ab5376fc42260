"""Kept runs (chapter5/exercises/runs.py): a recording keeps each finished run whole, reuses it after a
kill, trains afresh when the key or the builder's source changed, and ignores a damaged file."""
import json

import pytest

from chapter5.exercises.runs import keeping, kept, key_name, reset_spent, source_digest, spent


def counting():
    calls = []

    def compute(value):
        calls.append(value)
        return {'test_acc': [value]}
    return calls, compute


def test_outside_a_recording_every_call_computes(tmp_path):
    calls, compute = counting()
    assert kept({'seed': 0}, lambda: compute(0.8)) == {'test_acc': [0.8]}
    kept({'seed': 0}, lambda: compute(0.8))
    assert calls == [0.8, 0.8] and not list(tmp_path.iterdir())


def test_a_killed_recording_resumes_with_the_runs_it_finished(tmp_path):
    calls, compute = counting()

    def answer(fail_at=None):
        results = []
        for seed in range(3):
            if seed == fail_at:
                raise KeyboardInterrupt  # the recording is killed during seed 1
            results.append(kept({'build': 'net', 'seed': seed}, lambda seed=seed: compute(seed)))
        return results
    with keeping(str(tmp_path)), pytest.raises(KeyboardInterrupt):
        answer(fail_at=1)
    assert calls == [0] and len(list(tmp_path.glob('*.json'))) == 1
    with keeping(str(tmp_path)):
        reset_spent()
        assert answer() == [{'test_acc': [0]}, {'test_acc': [1]}, {'test_acc': [2]}]
        used, fresh = spent()
    assert calls == [0, 1, 2] and len(used) == 3 and sum(used.values()) >= fresh >= 0  # seed 0 not again
    saved = json.loads((tmp_path / key_name({'build': 'net', 'seed': 0})).read_text())
    assert saved['key'] == {'build': 'net', 'seed': 0} and saved['session']['mxnet'] == '1.9.1'
    assert not list(tmp_path.glob('*.tmp'))
    kept({'build': 'net', 'seed': 0}, lambda: compute(9))  # the block is over: nothing kept, computed
    assert calls[-1] == 9 and len(list(tmp_path.glob('*.json'))) == 3


def test_a_damaged_or_foreign_file_is_trained_again(tmp_path):
    calls, compute = counting()
    key = {'build': 'net', 'seed': 0}
    (tmp_path / key_name(key)).write_text('{"key": {"build": "net", "se')
    with keeping(str(tmp_path)):
        assert kept(key, lambda: compute(0.7)) == {'test_acc': [0.7]}
    (tmp_path / key_name(key)).write_text(json.dumps({'key': {'other': 1}, 'result': 1, 'seconds': 1}))
    with keeping(str(tmp_path)):
        kept(key, lambda: compute(0.7))
    assert calls == [0.7, 0.7]


def test_a_changed_builder_has_another_key():
    def net():
        return 1
    first = source_digest(net)

    def net():  # noqa: F811  (the learner edits the builder)
        return 2
    assert source_digest(net) != first and len(first) == 12

    def net():  # noqa: F811  (a docstring and a comment added: the same code, the same key)
        """Now documented."""
        return 1  # one
    assert source_digest(net) == first
    assert source_digest(len) is None  # no Python source: no digest, still a key
