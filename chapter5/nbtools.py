"""Helpers for the notebooks: plot a training run, show a recorded one.

matplotlib and IPython are imported only when called.
"""
import os

from chapter5.engine.cpu import recorded_phrase


def show(text):
    """A notebook's answer: its tables rendered (HTML), aligned columns as the plain text."""
    from IPython.display import display

    from chapter5.engine.tables import aligned, html
    display({'text/plain': aligned(text), 'text/html': html(text)}, raw=True)


def plot_history(history, title=None):
    """Loss and train/test accuracy per epoch of a `train_ch5` run, side by side."""
    import matplotlib.pyplot as plt
    epochs = [r.epoch for r in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8, 3))
    ax_loss.plot(epochs, [r.loss for r in history], 'o-')
    ax_loss.set(xlabel='epoch', ylabel='loss', title='training loss')
    ax_acc.plot(epochs, [r.train_acc for r in history], 'o-', label='train acc')
    ax_acc.plot(epochs, [r.test_acc for r in history], 's--', label='test acc')
    ax_acc.set(xlabel='epoch', ylabel='accuracy', title='accuracy')
    ax_acc.legend()
    for ax in (ax_loss, ax_acc):
        ax.set_xticks(epochs)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


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
    from IPython.display import Image, display
    display(Image(filename=os.path.join(root or RESULTS, profile, name, 'curve.png')))
