"""Helpers for the notebooks: plot a training run, show a recorded one, show answers' tables, and
the Run-All switch.

The switch: `%load_ext chapter5.nbtools` (in each notebook's first code cell) defines the cell magic
`%%long`. A cell that starts with `%%long <how long it takes here>` runs only when the notebook's
`RUN_LONG` is True; otherwise it prints, in one Chinese line, what it would do and how long that
took here, so that Run All finishes in minutes.

matplotlib and IPython are imported only when called.
"""
import os

from chapter5.engine.cpu import recorded_phrase
from chapter5.plots import plot_history  # noqa: F401  (the notebooks import it from here)


def show(text):
    """A notebook's answer: its tables rendered (HTML), aligned columns as the plain text."""
    from IPython.display import display

    from chapter5.engine.tables import aligned, html
    display({'text/plain': aligned(text), 'text/html': html(text)}, raw=True)


def show_recorded(section, number, root=None):
    """The full answer to exercise `number` of `section` recorded on this machine (chapter5.exercises
    .recorded, from ROOT or results/exercises), or one Chinese line saying why there is none and how
    to record it."""
    from chapter5.exercises import RECORDED, recorded
    try:
        show(recorded(section, number, root or RECORDED))
    except FileNotFoundError:
        why = '还没有记录'
    except ValueError as e:
        why = '记录它的代码与现在的代码不同' if 'other code' in str(e) else '记录损坏，或者记录的是另一个答案'
    else:
        return
    print('还没有用当前代码在本机记录的完整答案（%s）。记录它：chapter5 exercises %s --record；'
          '或者把第一个代码单元格的 RUN_LONG 改成 True，运行下面标着 %%%%long 的单元格。' % (why, section))


def long_cell(line, cell, namespace):
    """The `%%long` cell magic's body: run `cell` in `namespace` when its RUN_LONG is true, otherwise
    say what was skipped. Returns whether it ran."""
    if namespace.get('RUN_LONG'):
        exec(compile(cell, '<%%long cell>', 'exec'), namespace)
        return True
    print('没有运行（%s）：RUN_LONG = False。要运行它，把第一个代码单元格的 RUN_LONG 改成 True，'
          '再运行这个单元格。' % line.strip())
    return False


def load_ipython_extension(ipython):
    """`%load_ext chapter5.nbtools`: register the `%%long` cell magic (long_cell)."""
    def long(line, cell):
        long_cell(line, cell, ipython.user_ns)
    ipython.register_magic_function(long, 'cell', 'long')


# results/ beside the package (the repository's results/): the recorded runs (results/README.md)
RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'results')


def describe_run(name, root=None, profile='book'):
    """The lines (Chinese) that tell this project's recorded run of `name`'s book recipe: the
    command, the recipe, when, where and from which commit it ran, its minutes, its per-epoch log
    and its final test accuracy against the book's; None when there is no finished run."""
    import json
    folder = os.path.join(root or RESULTS, profile, name)
    try:
        with open(os.path.join(folder, 'summary.json')) as f:
            summary = json.load(f)
        with open(os.path.join(folder, 'settings.json')) as f:
            settings = json.load(f)
        with open(os.path.join(folder, 'train.log')) as f:
            log = f.read().rstrip('\n').splitlines()
    except FileNotFoundError:
        return None
    recipe, sessions = settings['recipe'], settings['sessions']
    first = sessions[0]
    commits = sorted({(s['commit'] or 'unknown')[:7] for s in sessions})
    paused = summary.get('paused_seconds', 0.0)
    lines = ['本项目记录的运行：chapter5 reproduce %s --profile %s --seed %s'
             '（输入 %s，批量大小 %d，学习率 %s，%d 个迭代周期）'
             % (name, profile, recipe['seed'], recipe['resize'] or 28, recipe['batch_size'], recipe['lr'],
                recipe['num_epochs']),
             '%s，%s，%s，%d 核，MXNet %s，commit %s；训练共 %.1f 分钟%s%s'
             % (first['started'][:10], first['machine'], recorded_phrase(first), first['cores'],
                first['mxnet'], ', '.join(commits),
                summary['seconds'] / 60, '（另暂停 %.1f 分钟，不计入）' % (paused / 60) if paused else '',
                '，分 %d 次运行（中断后用 --resume 续跑）' % len(sessions) if len(sessions) > 1 else ''),
             ''] + log + ['']
    if summary['book_test_acc'] is not None:
        lines.append('最终测试准确率 %.3f，书中 %.3f：%s' % (
            summary['test_acc'], summary['book_test_acc'],
            '通过（不低于书中的值减 0.02）' if summary['passed'] else '未通过（低于书中的值减 0.02）'))
    return lines


def show_run(name, root=None, profile='book'):
    """5.6-5.12 in the notebooks: print the recorded run of `name` (describe_run) and show its curve,
    or say how to record it."""
    lines = describe_run(name, root, profile)
    if lines is None:
        print('还没有记录的运行：在项目目录下运行 chapter5 reproduce %s --profile %s --seed 0 --resume '
              '--out results/%s（可以中断后续跑）' % (name, profile, profile))
        return
    print('\n'.join(lines))
    import json

    from chapter5.utils import EpochResult
    with open(os.path.join(root or RESULTS, profile, name, 'log.jsonl'), encoding='utf-8') as f:
        log = [json.loads(line) for line in f if line.strip()]
    fields = EpochResult._fields
    plot_history([EpochResult(**{k: entry[k] for k in fields}) for entry in log],
                 '%s：本项目记录的书中配方' % name)


# the ablation in Chinese: each verdict of chapter5.speedrun.results.compared, each choice taken out
VERDICTS = {'helps': '有帮助：去掉它，准确率下降', 'hurts': '有害：去掉它，准确率反而上升',
            'cannot tell': '这个预算分不出', 'too few seeds': '种子不足3个，不下结论',
            'did not learn': '有的运行没学会（测试准确率低于0.70），不比较'}
CHOICES = {'crop': '随机裁剪', 'flip': '水平翻转（训练和测试）', 'smoothing': '标签平滑',
           'decay': '权重衰减', 'momentum': '动量（去掉后是书中的SGD）',
           'schedule': '预热和余弦学习率（去掉后学习率不变，同书中）'}


def speedrun_tables(model, root=None, ablation_too=True):
    """The Chinese tables of `model`'s recorded speedruns (results/speedrun): each seed's test
    accuracy and minutes, then, with `ablation_too`, its ablation (results/speedrun-ablation) and
    the choices not measured yet."""
    from chapter5.engine.tables import markdown_table
    from chapter5.speedrun.plans import ABLATIONS
    from chapter5.speedrun.results import ablation, arm_cells, mean_sd, recorded
    root = root or RESULTS
    runs = [r for r in recorded(os.path.join(root, 'speedrun')).get(model, []) if r['held_out'] == 'test']
    if not runs:
        return '还没有记录的运行：chapter5 speedrun --seed N --out results/speedrun/seed-N'
    rows = [[r['seed'], '%.4f' % r['accuracy'], '%.1f' % (r['seconds'] / 60), r['session'].get('cpu', '?'),
             r['session'].get('isa', '?'), r['session'].get('started', '?')[:10]] for r in runs]
    rows.append(['均值 ± 标准差', mean_sd([r['accuracy'] for r in runs], '%.4f'),
                 mean_sd([r['seconds'] / 60 for r in runs], '%.1f'), '', '', ''])
    text = markdown_table(['随机种子', '测试准确率', '分钟（从第一个批量起）', 'CPU', '指令集', '日期'], rows)
    if not ablation_too:
        return text
    arms = ablation(os.path.join(root, 'speedrun'), os.path.join(root, 'speedrun-ablation'), model)
    if arms:
        text += '\n' + markdown_table(
            ['去掉的选择', '种子数（去掉 / 完整）', '去掉后的测试准确率', '完整配方', '差',
             '判定（差超过较大标准差的两倍才算）'],
            [[CHOICES[a['without']], '%d / %d' % (a['seeds'], a['plan_seeds']), *arm_cells(a),
              VERDICTS[a['verdict']]] for a in arms])
    missing = [choice for choice in ABLATIONS if choice not in {a['without'] for a in arms}]
    if missing:
        text += ('\n还没有测的选择：%s。测一个（例如%s，每个随机种子一次完整运行）：'
                 'chapter5 speedrun --without %s --seed N --out results/speedrun-ablation/without-%s/seed-N'
                 % ('、'.join(CHOICES[c] for c in missing), CHOICES[missing[0]], missing[0], missing[0]))
    return text
