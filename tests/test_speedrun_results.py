"""chapter5.speedrun.results: the table of recorded runs (mean and spread over seeds, the target met
only by the mean of at least 5 seeds), and the book's runs as time-to-accuracy curves."""
import json
import statistics

from chapter5.speedrun.results import (
    ablation,
    ablation_table,
    book_curves,
    compared,
    draw_curve,
    mean_sd,
    plus_minus,
    recorded,
    table,
)


def test_mean_sd_writes_one_number_alone_and_more_with_their_spread():
    assert mean_sd([0.9505], '%.4f') == '0.9505'  # no '± nan' for a single seed
    assert mean_sd([0.93, 0.94], '%.3f') == '0.935 ± 0.007'
    assert plus_minus(0.9505, float('nan'), '%.4f') == '0.9505'  # an arm's stats with one run


def write_run(root, seed, accuracy, seconds, model='speedrun10', without=None):
    folder = root / ('without-' + without if without else '.') / ('seed-%d' % seed) / model
    folder.mkdir(parents=True)
    summary = dict(model=model, target=0.93, minutes_allowed=10, seed=seed, held_out='test', epochs=6,
                   accuracy=accuracy, seconds=seconds, without=without)
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


def test_seeds_come_in_number_order_not_name_order(tmp_path):
    for seed in (10, 2, 0):
        write_run(tmp_path, seed, 0.93, 500)
    assert [r['seed'] for r in recorded(str(tmp_path))['speedrun10']] == [0, 2, 10]


def test_the_verdict_names_a_winner_only_beyond_twice_the_larger_spread():
    plan = [0.930, 0.931, 0.932]  # sd 0.001
    assert compared([0.9305, 0.9315, 0.9325], plan)['verdict'] == 'cannot tell'  # 0.0005 apart
    assert compared([0.926, 0.927, 0.928], plan)['verdict'] == 'helps'  # 0.004 lower without it
    assert compared([0.934, 0.935, 0.936], plan)['verdict'] == 'hurts'
    assert compared([0.926, 0.935, 0.944], plan)['verdict'] == 'cannot tell'  # the arm's sd 0.009
    assert compared([0.90, 0.90], plan)['verdict'] == 'too few seeds'
    assert compared([0.10, 0.93, 0.93], plan)['verdict'] == 'did not learn'  # a run at chance
    assert abs(compared([0.926, 0.927, 0.928], plan)['difference'] + 0.004) < 1e-12


def test_the_ablation_reads_each_arm_against_the_plans_test_runs(tmp_path):
    for seed, acc in enumerate([0.930, 0.931, 0.932, 0.929, 0.933]):
        write_run(tmp_path / 'plan', seed, acc, 420)
    for seed, acc in enumerate([0.921, 0.922, 0.923]):
        write_run(tmp_path / 'ablation', seed, acc, 400, without='crop')
    write_run(tmp_path / 'ablation', 0, 0.94, 400, model='speedrun60', without='flip')  # another network
    arms = ablation(str(tmp_path / 'plan'), str(tmp_path / 'ablation'), 'speedrun10')
    assert [(a['without'], a['seeds'], a['plan_seeds'], a['verdict']) for a in arms] == \
        [('crop', 3, 5, 'helps')]
    assert abs(arms[0]['mean'] - 0.922) < 1e-12 and abs(arms[0]['plan_mean'] - 0.931) < 1e-12
    row = ablation_table(str(tmp_path / 'plan'), str(tmp_path / 'ablation'), 'speedrun10').splitlines()[-1]
    assert row.startswith('| crop | 3 against 5 | 0.9220 ± 0.0010 | 0.9310 ± 0.0016 | -0.0090 | helps |')
    assert ablation_table(str(tmp_path / 'plan'), str(tmp_path / 'none'), 'speedrun10') == ''


def test_the_figure_draws_the_current_plans_runs_not_the_retired_ones(tmp_path):
    from chapter5.speedrun.plans import PLANS, RETIRED
    from chapter5.speedrun.results import write_figure
    retired, current = RETIRED[0].model, PLANS[0.93].model
    write_run(tmp_path, 0, 0.929, 400, model=retired)
    points = dict(points=[dict(epoch=1, minutes=1.0, accuracy=0.9)])
    (tmp_path / 'seed-0' / retired / 'curve.json').write_text(json.dumps(points))
    assert write_figure(str(tmp_path)) is None  # only a retired plan's run: nothing to draw
    write_run(tmp_path, 1, 0.935, 400, model=current)
    (tmp_path / 'seed-1' / current / 'curve.json').write_text(json.dumps(points))
    figure = tmp_path / 'time-to-accuracy.png'
    assert write_figure(str(tmp_path)) == str(figure) and figure.stat().st_size > 0
