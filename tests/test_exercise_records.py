"""Recorded exercise answers (results/exercises/): written whole by `chapter5 exercises --record`,
read back with where and when they ran, refused by name when missing, damaged or out of date."""
import json

import pytest
from conftest import run_module

from chapter5 import exercises
from chapter5.exercises import padding_and_strides, record, recorded


def test_record_keeps_each_answer_with_its_session_and_reads_it_back(tmp_path):
    printed = []
    data = record('5.2', str(tmp_path), out=printed.append)
    saved = json.loads((tmp_path / '5.2.json').read_text())
    assert saved == data and [a['name'] for a in saved['answers']] == ['answer_last_example',
                                                                     'answer_other_combinations']
    assert saved['session']['machine'] and saved['session']['mxnet'] == '1.9.1'
    first = saved['answers'][0]['answer']
    assert first == padding_and_strides.answer_last_example() and first in printed
    text = recorded('5.2', 1, str(tmp_path))
    assert text.startswith('（记录于 %s' % saved['session']['started'][:16]) and text.endswith(first)
    assert '，%s，%s，' % (saved['session']['cpu'], saved['session']['isa']) in text  # the CPU it ran on
    md = (tmp_path / '5.2.md').read_text()
    assert '## 1. 对本节最后一个例子' in md and first in md and not list(tmp_path.glob('*.tmp'))


def test_recorded_refuses_missing_damaged_and_out_of_date_records(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match=r'no recorded answers for section 5.6 .*'
                                                r'chapter5 exercises 5.6 --record'):
        recorded('5.6', 1, str(tmp_path))
    (tmp_path / '5.2.json').write_text('{"answers": [')
    with pytest.raises(ValueError, match='5.2.json is damaged or lacks exercise 1'):
        recorded('5.2', 1, str(tmp_path))
    record('5.2', str(tmp_path), out=lambda text: None)
    with pytest.raises(ValueError, match='lacks exercise 3'):
        recorded('5.2', 3, str(tmp_path))
    monkeypatch.setattr(padding_and_strides, 'EXERCISES', padding_and_strides.EXERCISES[::-1])
    with pytest.raises(ValueError, match='records answer_last_example for exercise 1, but the section now '
                                         'answers it with answer_other_combinations'):
        recorded('5.2', 1, str(tmp_path))


def test_record_cli_writes_the_files_and_refuses_quick(tmp_path):
    code, out, err = run_module('chapter5', 'exercises', '5.2', '--record', str(tmp_path))
    assert code == 0, err
    assert '两者一致' in out and (tmp_path / '5.2.json').exists() and (tmp_path / '5.2.md').exists()
    code, _, err = run_module('chapter5', 'exercises', '5.2', '--record', str(tmp_path), '--quick')
    assert code == 2 and '--record keeps the full-size answers' in err


def test_answers_that_train_are_the_ones_taking_quick():
    assert exercises.trains(padding_and_strides.answer_last_example) is False
    from chapter5.exercises import lenet
    assert exercises.trains(lenet.answer_better_lenet) is True
