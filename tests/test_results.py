"""results/: the recorded runs, their layout, and the README's tables generated from them."""
import json
import os

import pytest

from chapter5.engine import results

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', 'results')
README = os.path.join(HERE, '..', 'README.md')


def test_the_readme_shows_exactly_the_tables_of_results():
    with open(README) as f:
        text = f.read()
    block = text.split(results.RESULTS_BEGIN, 1)[1].split(results.RESULTS_END, 1)[0]
    from chapter5.exercises import records_rows
    expected = results.markdown(results.run_rows(ROOT), results.spread_rows(ROOT),
                                records_rows(os.path.join(ROOT, 'exercises')),
                                results.speedrun_block(ROOT, draw=False))
    assert block == '\n' + expected, 'README.md and results/ differ: run `chapter5 results`'
    with open(os.path.join(ROOT, 'results.md')) as f:
        assert f.read() == expected


def test_every_recorded_run_has_its_files_and_no_weights():
    folders = [d for d in ('book', 'cpu') if os.path.isdir(os.path.join(ROOT, d))]
    if os.path.isdir(os.path.join(ROOT, 'seeds')):
        folders += [os.path.join('seeds', d) for d in os.listdir(os.path.join(ROOT, 'seeds'))]
    runs = [os.path.join(d, m) for d in folders for m in os.listdir(os.path.join(ROOT, d))
            if os.path.isdir(os.path.join(ROOT, d, m))]
    assert runs, 'results/ holds no run'
    for run in runs:
        files = set(os.listdir(os.path.join(ROOT, run)))
        assert {'settings.json', 'log.jsonl', 'train.log', 'curve.png', 'summary.json'} <= files, run
        with open(os.path.join(ROOT, run, 'summary.json')) as f:
            summary = json.load(f)
        with open(os.path.join(ROOT, run, 'log.jsonl')) as f:
            assert len(f.read().splitlines()) == summary['epochs'], run
    tracked = os.popen('git -C %s ls-files results' % os.path.join(HERE, '..')).read().split()
    assert not [p for p in tracked if '/checkpoints/' in p or p.endswith('checkpoint.json')]


def _summary(folder, model, seed, test_acc):
    os.makedirs(os.path.join(folder, model))
    with open(os.path.join(folder, model, 'summary.json'), 'w') as f:
        json.dump({'model': model, 'seed': seed, 'test_acc': test_acc}, f)


@pytest.mark.parametrize('accs, passed', [([0.76, 0.74, 0.75], True), ([0.76, 0.70, 0.71], False)])
def test_the_spread_is_judged_on_the_mean(tmp_path, accs, passed):
    for seed, acc in enumerate(accs):
        _summary(str(tmp_path / 'seeds' / ('seed-%d' % seed)), 'lenet', seed, acc)
    (row,) = results.spread_rows(str(tmp_path))
    assert row['seeds'] == [0, 1, 2] and row['min'] == min(accs) and row['max'] == max(accs)
    assert row['mean'] == pytest.approx(sum(accs) / 3) and row['passed'] is passed  # book 0.754 - 0.02
    assert row['sd'] > 0
    line = results.markdown([], [row]).splitlines()[-1]
    assert line.startswith('| lenet | 0,1,2 |') and line.endswith('| %s |' % ('pass' if passed else 'FAIL'))


def test_a_copied_seed_run_says_so_where_its_number_is_shown(tmp_path):
    for seed, acc in enumerate([0.878, 0.908]):
        _summary(str(tmp_path / 'seeds' / ('seed-%d' % seed)), 'densenet', seed, acc)
    (tmp_path / 'seeds' / 'seed-0' / 'densenet' / 'copied_from.txt').write_text('results/book/densenet\n')
    (row,) = results.spread_rows(str(tmp_path))
    line = results.markdown([], [row]).splitlines()[-1]
    assert line.startswith('| densenet | 0 (a copy of results/book/densenet),1 | 0.878 0.908 |')


def test_a_readme_without_the_block_is_refused(tmp_path):
    readme = tmp_path / 'README.md'
    readme.write_text('# no block\n')
    with pytest.raises(ValueError, match='has no results block'):
        results.write(str(tmp_path), str(readme))


def test_the_exercise_records_say_whether_the_code_that_made_them_answers_now(tmp_path):
    from chapter5.exercises import code_digest, records_rows
    session = {'started': '2026-11-29T05:00:00', 'cpu': 'AMD EPYC', 'isa': 'AVX-512', 'machine': 'x86_64',
               'commit': 'abcdef0123'}
    for section, code in (('5.5', code_digest('5.5')), ('5.8', 'older')):
        data = {'section': section, 'title': 't', 'session': session, 'code': code, 'seconds': 600.0,
                'runs': 6, 'answers': [{'seconds': 600.0}]}
        (tmp_path / (section + '.json')).write_text(json.dumps(data))
    rows = records_rows(str(tmp_path))
    assert [(r['section'], r['current'], r['minutes'], r['commit']) for r in rows] == [
        ('5.5', True, 10.0, 'abcdef0'), ('5.8', False, 10.0, 'abcdef0')]
    table = results.markdown([], [], rows)
    assert '| 5.5 | t | 1 | 6 | 10.0 | 2026-11-29 |' in table and '| no: re-record |' in table
