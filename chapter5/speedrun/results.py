"""The recorded speedruns (results/speedrun/seed-N/MODEL/) as a table, and the figure a learner
wants: held-out accuracy against wall-clock minutes, the speedruns beside the book's nine recipes.

matplotlib is imported only when drawing.
"""
import glob
import json
import math
import os
import statistics

from chapter5.engine.tables import markdown_table
from chapter5.exercises.verdicts import LEARNED, MIN_SEEDS, separated  # the exercises' rule, its one source
from chapter5.speedrun.plans import ABLATIONS, PLANS

BOOK_LOGS = os.path.join('results', 'book')
FIGURE = 'time-to-accuracy.png'


def read_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def recorded(root):
    """{model: [summary, ...]} of the finished runs under `root`/seed-N/MODEL/, the seeds in order;
    each summary with `session`, the last session that trained it (date, CPU, ISA)."""
    found = {}
    for path in sorted(glob.glob(os.path.join(root, 'seed-*', '*', 'summary.json'))):
        folder = os.path.dirname(path)
        settings = os.path.join(folder, 'settings.json')
        sessions = read_json(settings)['sessions'] if os.path.exists(settings) else [{}]
        found.setdefault(os.path.basename(folder), []).append(dict(read_json(path), session=sessions[-1]))
    for runs in found.values():
        runs.sort(key=lambda r: r['seed'])
    return found


def spread(xs):
    """The standard deviation of `xs`; nan for fewer than two."""
    return statistics.stdev(xs) if len(xs) > 1 else float('nan')


def plus_minus(mean, sd, form):
    """'mean ± sd', each number in `form`; the mean alone where there is no spread (sd nan: one run)."""
    return form % mean if math.isnan(sd) else (form + ' ± ' + form) % (mean, sd)


def mean_sd(xs, form):
    """'mean ± sd' of `xs`, each number in `form` (the tables' and the notebook's cell)."""
    return plus_minus(statistics.mean(xs), spread(xs), form)


def arm_cells(arm):
    """The accuracy cells of one arm of `ablation`: without the choice, the plan's, the difference
    (the README's table and the notebook's write the same three)."""
    return [plus_minus(arm['mean'], arm['sd'], '%.4f'), plus_minus(arm['plan_mean'], arm['plan_sd'], '%.4f'),
            '%+.4f' % arm['difference']]


def table(root):
    """The Markdown table of the recorded speedruns: per network, the seeds, the mean and standard
    deviation of the accuracy and of the minutes, and whether the mean meets the target in time."""
    rows = []
    for model, runs in recorded(root).items():
        accs, minutes = [r['accuracy'] for r in runs], [r['seconds'] / 60 for r in runs]
        first = runs[0]
        short = first['target'] - statistics.mean(accs)
        over = statistics.mean(minutes) - first['minutes_allowed']
        met = short <= 0 and over <= 0
        missed = ', '.join((['mean %.4f short' % short] if short > 0 else []) +
                           (['mean %.1f min over' % over] if over > 0 else []))
        rows.append([model, '%.3f in %d min' % (first['target'], first['minutes_allowed']), first['held_out'],
                     ' '.join(str(r['seed']) for r in runs),
                     mean_sd(accs, '%.4f'), mean_sd(minutes, '%.1f'),
                     'fewer than 5 seeds' if len(runs) < 5 else 'yes' if met else 'no: ' + missed,
                     '; '.join(sorted({machine(r['session']) for r in runs})),
                     ', '.join(sorted({r['session'].get('started', '?')[:10] for r in runs}))])
    return markdown_table(['network', 'target', 'held out', 'seeds', 'accuracy (mean ± sd)',
                           'minutes (mean ± sd)', 'met (mean, >= 5 seeds)', 'CPU', 'date'], rows)


def ablation(plan_root, ablation_root, model):
    """Each measured arm of `model`'s ablation (`ablation_root`/without-CHOICE/seed-N/MODEL/) against
    the plan's own test runs (`plan_root`/seed-N/MODEL/), in ABLATIONS' order: a list of dicts, each
    with the choice taken out (`without`), the seeds of each side and what `compared` says."""
    plan = [r['accuracy'] for r in recorded(plan_root).get(model, []) if r['held_out'] == 'test']
    arms = []
    for choice in ABLATIONS:
        runs = recorded(os.path.join(ablation_root, 'without-' + choice)).get(model, [])
        accs = [r['accuracy'] for r in runs if r['held_out'] == 'test']
        if accs:
            arms.append(dict(without=choice, seeds=len(accs), plan_seeds=len(plan), **compared(accs, plan)))
    return arms


def compared(arm, plan):
    """The mean and sd of the accuracies `arm` (a choice taken out) and `plan` (all in), the difference
    (arm less plan) and the verdict, by the exercises' rule: 'too few seeds' (fewer than 3 on a side),
    'did not learn' (a run below LEARNED: no comparison), 'cannot tell' (means within twice the larger
    sd), else 'helps' (the plan higher: the choice helps) or 'hurts' (higher without it)."""
    stats = dict(mean=statistics.mean(arm), sd=spread(arm),
                 plan_mean=statistics.mean(plan) if plan else float('nan'), plan_sd=spread(plan))
    stats['difference'] = stats['mean'] - stats['plan_mean']
    if len(arm) < MIN_SEEDS or len(plan) < MIN_SEEDS:
        stats['verdict'] = 'too few seeds'
    elif min(arm + plan) < LEARNED:
        stats['verdict'] = 'did not learn'
    elif not separated(arm, plan):
        stats['verdict'] = 'cannot tell'
    else:
        stats['verdict'] = 'hurts' if stats['difference'] > 0 else 'helps'
    return stats


def ablation_table(plan_root, ablation_root, model):
    """The Markdown table of `ablation`, or '' when no arm is measured."""
    arms = ablation(plan_root, ablation_root, model)
    rows = [[a['without'], '%d against %d' % (a['seeds'], a['plan_seeds']), *arm_cells(a), a['verdict']]
            for a in arms]
    return markdown_table(['without', 'seeds', 'test accuracy without it', 'the plan\'s', 'difference',
                           'the choice (named only beyond 2 x the larger sd)'], rows) if rows else ''


def machine(session):
    return '%s, %s' % (session.get('cpu', '?'), session.get('isa', '?'))


def write_figure(root, book_folder=BOOK_LOGS):
    """`root`/time-to-accuracy.png: the curve (test set only) of every recorded run of a current plan
    (PLANS, not the retired ones) beside the book's recipes; returns its path, or None when no such
    run has a curve."""
    from chapter5.engine.files import save_whole
    current = {plan.model for plan in PLANS.values()}
    curves = {}
    for model, runs in recorded(root).items():
        for r in runs if model in current else []:
            path = os.path.join(root, 'seed-%d' % r['seed'], model, 'curve.json')
            if r['held_out'] == 'test' and os.path.exists(path):
                curves['%s seed %d' % (model, r['seed'])] = read_json(path)['points']
    if not curves:
        return None
    targets = sorted({r['target'] for runs in recorded(root).values() for r in runs})
    figure = draw_curve(curves, 'test', book_curves(book_folder), targets)
    path = os.path.join(root, FIGURE)
    save_whole(path, lambda tmp: figure.savefig(tmp, format='png', dpi=110))
    return path


def book_curves(folder=BOOK_LOGS):
    """{model: [{'minutes', 'accuracy'}]} of the book's recorded runs: test accuracy after each epoch
    against the minutes trained so far (their epochs' seconds include each epoch's test)."""
    curves = {}
    for model in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, model, 'log.jsonl')
        if not os.path.exists(path):
            continue
        minutes, points = 0.0, []
        with open(path, encoding='utf-8') as f:
            for line in f:
                record = json.loads(line)
                minutes += record['seconds'] / 60
                points.append(dict(minutes=minutes, accuracy=record['test_acc']))
        curves[model] = points
    return curves


def draw_curve(curves, held_out, book=None, targets=()):
    """A figure: each curve's accuracy against minutes (log scale), in shades of grey; the book's
    recipes dashed in colour; each target a dotted line."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    from chapter5.plots import cjk_font
    chinese = cjk_font() is not None
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for name, points in (book or {}).items():
        ax.plot([p['minutes'] for p in points], [p['accuracy'] for p in points], '--', lw=1, label=name)
    for i, (name, points) in enumerate(curves.items()):
        grey = str(0.55 * i / max(1, len(curves) - 1))
        ax.plot([p['minutes'] for p in points], [p['accuracy'] for p in points], 'o-', lw=1.5, ms=3,
                color=grey, label=name)
    for target in targets:
        ax.axhline(target, ls=':', color='black', lw=1)
    ax.set_xscale('log')
    ax.set_ylim(0.6, 0.96)
    if chinese:
        words = ('分钟（对数刻度）', {'test': '测试准确率', 'validation': '验证准确率'}[held_out])
    else:
        words = ('minutes (log scale)', '%s accuracy' % held_out)
    ax.set(xlabel=words[0], ylabel=words[1])
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    return fig
