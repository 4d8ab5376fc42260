"""5.8 网络中的网络（NiN） 练习：学习率，以及只有一个1x1卷积层的NiN块。"""
from mxnet.gluon import nn

from chapter5.exercises.common import (
    SEEDS,
    count_params,
    finals,
    initialised,
    over_seeds,
    table,
    where_it_learns,
)
from chapter5.exercises.verdicts import RULE, best, pair, seed_rows
from chapter5.nin import nin

# 这些答案的预算：cpu配置的96x96输入，批量大小64（同样多的图像，步数是书中批量128的两倍），
# 两个迭代周期（1,875步），2,000张测试图像。本机测得：在一半训练集上两个迭代周期（938步）后，
# NiN只有0.58；书中的配方在第二个迭代周期学会
BUDGET = dict(resize=96, batch_size=64, num_epochs=2, num_train=None, num_test=2000)
QUICK = dict(resize=96, batch_size=64, num_epochs=1, num_train=256, num_test=256)
LEARNING_RATES = (0.05, 0.1, 0.2)  # 书中0.1的一半、本身和两倍


def nin_one_1x1():
    """笔记中的NiN，去掉每个NiN块的第二个1x1卷积层。"""
    net = nn.Sequential()
    for layer in nin():
        if isinstance(layer, nn.Sequential):  # 一个NiN块：一个卷积层，然后两个1x1卷积层
            block = nn.Sequential()
            block.add(layer[0], layer[1])
            layer = block
        net.add(layer)
    return net


BUILDERS = {2: nin, 1: nin_one_1x1}  # 每个NiN块的1x1卷积层数 -> 网络


def nin_runs(lr, quick=False, num_1x1=2):
    """每块有 `num_1x1` 个1x1卷积层的NiN，用这个预算和学习率 `lr` 训练，每个随机种子一次：返回
    {'test_acc': [每个种子最后的测试准确率], 'seconds': [每个种子的秒数]}。"""
    runs = over_seeds(BUILDERS[num_1x1], SEEDS[:1] if quick else SEEDS, lr=lr, **(QUICK if quick else BUDGET))
    return {'test_acc': finals(runs), 'seconds': [run['seconds'] or 0 for run in runs]}


def budget_words(quick=False):
    """用文字说出预算（中文）。"""
    budget = QUICK if quick else BUDGET
    return ('输入96x96，批量大小%d，%s训练图像上 %d 个迭代周期，前 %d 张测试图像'
            % (budget['batch_size'],
               '前 %d 张' % budget['num_train'] if budget['num_train'] else '全部60000张',
               budget['num_epochs'], budget['num_test']))


def answer_tune(quick=False):
    """调节超参数，提高分类准确率。"""
    runs = {'学习率 %s' % lr: nin_runs(lr, quick) for lr in LEARNING_RATES}
    arms = {name: run['test_acc'] for name, run in runs.items()}
    seconds = sum(sum(run['seconds']) for run in runs.values())
    return ('NiN，%s，学习率取书中0.1的一半、本身和两倍，每个学习率 %d 个随机种子（共 %.0f 分钟）：\n%s\n%s\n'
            '%s\n没有学会的设置说明这个预算对它不够，不说明它更差。%s\n书中的解释（这里没有单独测量）：'
            'NiN没有全连接层，最后的ReLU直接接全局平均池化，学习率太大可能让一些单元永远输出0，太小又可能'
            '让它在开始的几个迭代周期里停在随机猜测附近。'
            % (budget_words(quick), len(next(iter(arms.values()))), seconds / 60,
               table(['设置', '每个种子的测试准确率', '均值 ± 标准差'], seed_rows(arms)),
               best(arms), RULE, where_it_learns('nin')))


def answer_one_1x1(quick=False):
    """为什么NiN块里要有两个1 × 1卷积层？去除其中的一个，观察并分析实验现象。"""
    params = {n: count_params(initialised(BUILDERS[n]())) for n in (2, 1)}
    accs = {n: nin_runs(0.1, quick, num_1x1=n)['test_acc'] for n in (2, 1)}
    names = {2: '两个1x1卷积层（书中）', 1: '一个1x1卷积层'}
    return ('nin() 和 nin_one_1x1()，%s，学习率0.1（与上一题学习率0.1的运行相同）；参数：两个 %s，一个 %s。'
            '测试准确率：\n%s\n%s\n%s\n%s\n书中的解释（这里没有单独测量）：两个1x1卷积层相当于每个像素上的'
            '两层感知机，不损失分辨率地增加非线性和通道间的组合；NiN没有全连接层，正依靠它们。'
            % (budget_words(quick), format(params[2], ','), format(params[1], ','),
               table(['每块的1x1卷积层', '每个种子', '均值 ± 标准差'],
                     seed_rows({names[n]: accs[n] for n in accs})),
               pair(names[2], accs[2], names[1], accs[1]), RULE, where_it_learns('nin')))


EXERCISES = [answer_tune, answer_one_1x1]
