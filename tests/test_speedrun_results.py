"""chapter5.speedrun.results: the table of recorded runs (mean and spread over seeds, the target met
only by the mean of at least 5 seeds), and the book's runs as time-to-accuracy curves."""
import json
import statistics

from chapter5.speedrun.results import book_curves, draw_curve, recorded, table


def write_run(root, seed, accuracy, seconds, model='speedrun10'):
    folder = root / ('seed-%d' % seed) / model
    folder.mkdir(parents=True)
    summary = dict(model=model, target=0.93, minutes_allowed=10, seed=seed, held_out='test', epochs=6,
                   accuracy=accuracy, seconds=seconds)
    (folder / 'summary.json').write_text(json.dumps(summary))
    session = dict(cpu='AMD EPYC', isa='AVX-512', started='2026-11-29 08:00:00 +0000')
    (folder / 'settings.json').write_text(json.dumps(dict(model=model, sessions=[session])))


def test_the_table_gives_mean_and_spread_and_meets_the_target_only_with_five_seeds(tmp_path):
    accs = [0.931, 0.934, 0.929, 0.933, 0.932]
    for seed, acc in enumerate(accs[:3]):
        write_run(tmp_path, seed, acc, 540 + seed)
    assert [r['seed'] for r in recorded(str(tmp_path))['speedrun10']] == [0, 1, 2]
    assert '| fewer than 5 seeds |' in table(str(tmp_path))
    for seed, acc in enumerate(accs[3:], 3):
        write_run(tmp_path, seed, acc, 540 + seed)
    row = table(str(tmp_path)).splitlines()[-1]
    assert '| 0 1 2 3 4 |' in row and '%.4f ± %.4f' % (statistics.mean(accs), statistics.stdev(accs)) in row
    assert row.endswith('| yes | AMD EPYC, AVX-512 | 2026-11-29 |') and '| 9.0 ± 0.0 |' in row


def test_a_mean_below_the_target_or_over_time_is_not_met(tmp_path):
    for seed in range(5):
        write_run(tmp_path, seed, 0.928, 500 + 60 * seed)  # 10.3 minutes on average
    assert '| no: mean 0.0020 short, mean 0.3 min over |' in table(str(tmp_path)).splitlines()[-1]


def test_the_books_runs_become_curves_of_accuracy_against_minutes():
    curves = book_curves()
    assert len(curves) == 9 and len(curves['lenet']) == 5
    with open('results/book/lenet/log.jsonl') as f:
        log = [json.loads(line) for line in f]
    assert curves['lenet'][-1]['accuracy'] == log[-1]['test_acc']
    assert abs(curves['lenet'][-1]['minutes'] - sum(r['seconds'] for r in log) / 60) < 1e-9
    figure = draw_curve({'speedrun10': [dict(minutes=1.0, accuracy=0.9)]}, 'test', curves)
    assert len(figure.axes[0].lines) == 10
