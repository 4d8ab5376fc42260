"""5.6 深度卷积神经网络（AlexNet） 练习：更多的迭代周期、更简单的AlexNet、批量大小与内存。"""
from mxnet.gluon import nn

from chapter5.exercises.common import (
    SEEDS,
    count_params,
    finals,
    images_per_second,
    in_child,
    initialised,
    over_seeds,
    table,
    train_net,
)
from chapter5.exercises.runs import kept
from chapter5.exercises.verdicts import LEARNED, RULE, cell, mean_sd, pair, seed_rows, separated


def small_alexnet():
    """按28x28输入缩小的AlexNet：同样是五个卷积层、三个全连接层和丢弃法，但用3x3卷积核、三分之一的通道、
    512个单元的全连接层，不把图像放大到224。"""
    net = nn.Sequential()
    net.add(nn.Conv2D(32, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(64, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(128, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(128, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(64, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dense(512, activation='relu'), nn.Dropout(0.5),
            nn.Dense(512, activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


# small_alexnet的训练设置：AlexNet的批量大小和迭代周期数；学习率0.1（用AlexNet的0.01时，
# 第一个迭代周期几乎不动：本机测得测试准确率0.60，对0.80）
SMALL_ALEXNET_RECIPE = dict(lr=0.1, batch_size=128, num_epochs=5)


def build(name):
    """按名字取这些答案用的网络。"""
    from chapter5 import get_model
    return small_alexnet() if name == 'small_alexnet' else get_model(name)()


def train_epochs(name, num_epochs, lr, batch_size, num_train=None, num_test=None, seed=0):
    """在28x28上训练 `name`；返回每个迭代周期的测试准确率和秒数（可以转成JSON）。"""
    results, seconds = train_net(build(name), lr=lr, num_epochs=num_epochs, batch_size=batch_size,
                                 num_train=num_train, num_test=num_test, seed=seed)
    return {'test_acc': [r.test_acc for r in results], 'train_acc': [r.train_acc for r in results],
            'seconds': seconds}


QUICK = dict(num_epochs=1, num_train=1280, num_test=500)


def ten_epochs(quick=False, num_epochs=10):
    """前两题的运行：{'LeNet': 运行, 'small_alexnet': 运行}，每个网络按自己的训练设置训练 `num_epochs`
    个迭代周期，每个随机种子一次（记录答案时保存下来）。"""
    from chapter5.lenet import lenet
    budget = QUICK if quick else dict(num_epochs=num_epochs)
    seeds = SEEDS[:1] if quick else SEEDS
    return {'LeNet': over_seeds(lenet, seeds, lr=0.9, batch_size=256, **budget),
            'small_alexnet': over_seeds(small_alexnet, seeds, **{**SMALL_ALEXNET_RECIPE, **budget})}


def epoch_rows(runs):
    """每个迭代周期一行：[迭代周期, 每个网络各种子测试准确率的均值 ± 标准差]。"""
    epochs = len(runs['LeNet'][0]['test_acc'])
    return [[e + 1] + [cell(finals(runs[name], epoch=e)) for name in runs] for e in range(epochs)]


def answer_more_epochs(quick=False):
    """尝试增加迭代周期。跟LeNet的结果相比，AlexNet的结果有什么区别？为什么？"""
    runs = ten_epochs(quick)
    seeds = len(runs['LeNet'])
    return ('每个迭代周期的测试准确率（%d 个随机种子的均值 ± 标准差），LeNet（书中的训练设置：学习率0.9，'
            '批量256）对small_alexnet（本节下一题的AlexNet，输入28x28，学习率0.1，批量128）：\n%s\n%s\n%s\n'
            '书中的解释（这里没有单独测量）：LeNet的sigmoid会饱和，6和16个通道也限制了它能拟合的东西；'
            'AlexNet式的网络（ReLU、更多通道、丢弃法）让较大的梯度穿过更多的层，也有余量拟合更多。'
            % (seeds, table(['迭代周期', 'LeNet', 'small_alexnet'], epoch_rows(runs)),
               verdict_more_epochs(runs), RULE))


def verdict_more_epochs(runs):
    """每个迭代周期的运行说明了什么，每个结论都按判定规则：最后两个迭代周期里是否还在变化，谁最后更高，
    small_alexnet的训练准确率是否高于测试准确率。"""
    sentences = []
    for name, net_runs in runs.items():
        if len(net_runs[0]['test_acc']) < 3:
            sentences.append('%s只训练了 %d 个迭代周期：看不出趋势。' % (name, len(net_runs[0]['test_acc'])))
            continue
        before, last = finals(net_runs, epoch=-3), finals(net_runs, epoch=-1)
        gain = mean_sd(last)[0] - mean_sd(before)[0]
        rising = len(last) >= 3 and separated(last, before)
        sentences.append('%s在最后两个迭代周期里%s（均值 %+.3f）。'
                         % (name, ('仍在变化' if rising else '的变化在种子间的波动之内'), gain))
    sentences.append(pair('small_alexnet', finals(runs['small_alexnet']), 'LeNet', finals(runs['LeNet'])))
    alex = runs['small_alexnet']
    train, test = finals(alex, 'train_acc'), finals(alex)
    gaps = [a - b for a, b in zip(train, test)]
    mean, sd = mean_sd(gaps)
    over = len(gaps) >= 3 and mean > 2 * sd and mean > 0
    sentences.append('small_alexnet最后的训练准确率减测试准确率：%.3f ± %.3f，%s。'
                     % (mean, sd, '训练准确率确实更高，更多的迭代周期开始拟合训练集本身（过拟合）'
                        if over else '不能确定训练准确率高于测试准确率：还看不出过拟合'))
    return ''.join(sentences)


def answer_simplify(quick=False):
    """AlexNet对Fashion-MNIST数据集来说可能过于复杂。试着简化模型来使训练更快，同时保证准确率不明显下降。"""
    from chapter5 import get_model
    runs = ten_epochs(quick)['small_alexnet']
    epoch = min(5, len(runs[0]['test_acc']))
    accs = finals(runs, epoch=epoch - 1)
    steps = 1 if quick else 3
    speeds = {'alexnet': images_per_second(get_model('alexnet')(), 224, steps=steps),
              'small_alexnet': images_per_second(small_alexnet(), 28, steps=steps)}
    seconds = mean_sd([run['seconds'] * epoch / len(run['test_acc']) for run in runs if run['seconds']])[0]
    return ('small_alexnet在28x28上保留AlexNet的结构（不放大图像），参数 %s 个，AlexNet为 %s 个。'
            '本机每秒训练的图像数：224x224的AlexNet %.1f，small_alexnet %.0f。'
            '上一题的运行中，small_alexnet第 %d 个迭代周期后的测试准确率（每个种子）：%s，约 %.0f 秒。\n%s'
            % (format(count_params(initialised(small_alexnet(), 28)), ','),
               format(count_params(initialised(get_model('alexnet')(), 224)), ','),
               speeds['alexnet'], speeds['small_alexnet'], epoch, ' '.join('%.3f' % a for a in accs),
               seconds, verdict_simplify(speeds['small_alexnet'] / speeds['alexnet'], accs,
                                         get_model('alexnet').recipe.book.test_acc, epoch)))


def verdict_simplify(speedup, accs, book_test_acc, epochs, band=0.02):
    """更快了吗？准确率明显下降了吗：各种子的均值是否比书中AlexNet的结果低了 `band`
    以上（本项目评判每个训练设置都用这个范围）？"""
    faster = ('每秒训练的图像数是AlexNet的 %.0f 倍' % speedup if speedup >= 1.5
              else '并不比AlexNet快（%.2f 倍）' % speedup)
    mean, sd = mean_sd(accs)
    if epochs < 5 or len(accs) < 3:
        accuracy = ('只有 %d 个迭代周期、%d 个随机种子，不能与书中5个迭代周期的 %.3f 相比'
                    % (epochs, len(accs), book_test_acc))
    elif mean >= book_test_acc - band:
        accuracy = ('测试准确率 %.3f ± %.3f，不低于书中AlexNet的 %.3f 减 %.2f：准确率没有明显下降'
                    % (mean, sd, book_test_acc, band))
    else:
        accuracy = ('测试准确率 %.3f ± %.3f，比书中AlexNet的 %.3f 低 %.3f：准确率明显下降'
                    % (mean, sd, book_test_acc, book_test_acc - mean))
    return '它%s；%s（书中的数字是一次运行，它自己的波动不知道）。' % (faster, accuracy)


def batch_run(batch_size, seed, num_epochs=1, quick=False):
    """在一个新进程里用 `batch_size` 训练small_alexnet：返回（它的运行，它的峰值常驻内存MiB），
    记录时保存下来。"""
    budget = dict(num_train=1280, num_test=500) if quick else {}
    key = dict(build='small_alexnet:in_child', batch_size=batch_size, seed=seed, num_epochs=num_epochs,
               **budget)
    return kept(key, lambda: in_child('chapter5.exercises.alexnet:train_epochs', name='small_alexnet',
                                      num_epochs=num_epochs, lr=SMALL_ALEXNET_RECIPE['lr'],
                                      batch_size=batch_size, seed=seed, **budget))


def answer_batch_size(quick=False, batch_sizes=(32, 128, 512, 2048)):
    """修改批量大小，观察准确率和内存或显存的变化。"""
    seeds = SEEDS[:1] if quick else SEEDS
    batch_sizes = batch_sizes[:2] if quick else batch_sizes  # 小预算：两种批量大小，两个新进程
    runs = {b: [batch_run(b, seed, quick=quick) for seed in seeds] for b in batch_sizes}
    accs = {b: [run['test_acc'][-1] for run, _ in runs[b]] for b in batch_sizes}
    peaks = {b: [peak for _, peak in runs[b]] for b in batch_sizes}
    rows = [[b, cell(accs[b]), cell(peaks[b], 0),
             '%.0f' % mean_sd([r['seconds'] for r, _ in runs[b]])[0]]
            for b in batch_sizes]
    return ('small_alexnet，学习率0.1，训练一个迭代周期，每种批量大小、每个随机种子（%s）在一个新进程里运行'
            '（峰值常驻内存，包括内存中的数据）：\n%s\n%s\n%s\n%s\n'
            '书中的解释（这里没有单独测量）：一个批量的激活值要保留到反向传播，所以在数据和参数的固定开销之上，'
            '内存随批量大小增长；学习率相同时，批量越大，每个迭代周期的步数越少（60000 / 批量大小）。'
            % (', '.join(map(str, seeds)),
               table(['批量大小', '测试准确率', '峰值 MiB', '秒'], rows),
               verdict_batch_size(accs, peaks), longer_batches(accs, quick), RULE))


def verdict_batch_size(accs, peaks):
    """从一种批量大小到下一种，内存和准确率怎样变化，每一步都按判定规则。"""
    sizes = sorted(accs)
    memory = [pair('批量 %d' % b, peaks[b], '批量 %d' % a, peaks[a], what='峰值内存', accuracy=False)
              for a, b in zip(sizes, sizes[1:])]
    learned = [b for b in sizes if min(accs[b]) >= LEARNED]
    accuracy = [pair('批量 %d' % a, accs[a], '批量 %d' % b, accs[b]) for a, b in zip(learned, learned[1:])]
    unlearned = [b for b in sizes if b not in learned]
    if unlearned:
        accuracy.append('批量 %s 一个迭代周期后没有学会（有测试准确率低于 %.2f 的种子）：'
                        '它们不参与准确率的比较。'
                        % ('、'.join(map(str, unlearned)), LEARNED))
    return ''.join(memory + accuracy)


def longer_batches(accs, quick, num_epochs=5):
    """一个迭代周期没有学会的批量大小：同样的small_alexnet，训练5个迭代周期（书中AlexNet的迭代周期数）。"""
    unlearned = [b for b in sorted(accs) if min(accs[b]) < LEARNED]
    if not unlearned:
        return '每种批量大小一个迭代周期就学会了。'
    if quick:
        return '（完整的答案把没有学会的批量大小再训练 %d 个迭代周期。）' % num_epochs
    rows = []
    for b in unlearned:
        runs = [batch_run(b, seed, num_epochs=num_epochs)[0] for seed in SEEDS]
        rows.append(['批量 %d' % b, [run['test_acc'][-1] for run in runs],
                     mean_sd([run['seconds'] for run in runs])[0]])
    return ('没有学会的批量大小，同样的small_alexnet训练 %d 个迭代周期（书中AlexNet的迭代周期数）：\n%s\n%s'
            % (num_epochs,
               table(['批量大小', '每个种子', '均值 ± 标准差'], seed_rows({r[0]: r[1] for r in rows})),
               '；'.join('%s每次约 %.0f 秒，%s' % (name, seconds, '都学会了' if min(values) >= LEARNED
                                                 else '仍有没学会的种子')
                        for name, values, seconds in rows) + '。'))


EXERCISES = [answer_more_epochs, answer_simplify, answer_batch_size]
