"""5.8 网络中的网络（NiN） 练习: learning rates, and a NiN block with one 1x1 convolution."""
from mxnet.gluon import nn

from chapter5.exercises.common import higher, table, train_net
from chapter5.nin import nin

# the budget of these answers: the cpu profile's 96x96 inputs, the first fifth of the training set
BUDGET = dict(resize=96, batch_size=128, num_epochs=3, num_train=12000)
QUICK = dict(resize=96, batch_size=64, num_epochs=1, num_train=640, num_test=500)


def nin_one_1x1():
    """The notes' NiN with the second 1x1 convolution of every NiN block taken out."""
    net = nn.Sequential()
    for layer in nin():
        if isinstance(layer, nn.Sequential):  # a NiN block: a convolution, then two 1x1 convolutions
            block = nn.Sequential()
            block.add(layer[0], layer[1])
            layer = block
        net.add(layer)
    return net


BUILDERS = {2: nin, 1: nin_one_1x1}  # 1x1 convolutions per NiN block -> network


def train_nin(lr, quick=False, batch_size=None, num_1x1=2):
    """Train the NiN with `num_1x1` 1x1 convolutions per block with the budget;
    (final test acc, final train loss, seconds)."""
    budget = dict(QUICK if quick else BUDGET)
    if batch_size and not quick:
        budget['batch_size'] = batch_size
    results, seconds = train_net(BUILDERS[num_1x1](), lr=lr, **budget)
    return results[-1].test_acc, results[-1].loss, seconds


def answer_tune(quick=False, settings=((0.05, 128), (0.1, 128), (0.2, 128), (0.1, 64))):
    """调节超参数，提高分类准确率。"""
    runs = [(lr, batch_size) + train_nin(lr, quick, batch_size) for lr, batch_size in settings]
    rows = [[lr, batch_size, '%.3f' % acc, '%.4f' % loss, '%.0f' % s]
            for lr, batch_size, acc, loss, s in runs]
    best = max(runs, key=lambda r: r[2])
    budget = QUICK if quick else BUDGET
    return ('NiN，输入96x96，前 %d 张训练图像，%d 个迭代周期，学习率和批量大小取书中（学习率0.1，'
            '批量128）附近的值：\n%s\n这里最好的是：学习率 %s，批量 %s（测试准确率 %.3f）。批量越小，'
            '同样的迭代周期里步数越多。NiN对学习率敏感：它没有全连接层，最后的ReLU直接接全局池化，'
            '步子太大可能让一些单元永远输出0，太小又可能让它在一个或更多迭代周期里停在随机猜测附近。'
            '更多的迭代周期和完整的训练集（chapter5 reproduce nin）会让每一行都更高。'
            % ((budget['num_train'], budget['num_epochs'],
                table(['学习率', '批量', '测试准确率', '训练损失', '秒'], rows)) + best[:3]))


def answer_one_1x1(quick=False):
    """为什么NiN块里要有两个1 × 1卷积层？去除其中的一个，观察并分析实验现象。"""
    from chapter5.exercises.common import count_params, initialised
    runs = [(n, count_params(initialised(BUILDERS[n]()))) + train_nin(0.1, quick, num_1x1=n)
            for n in (2, 1)]
    rows = [[n, format(params, ','), '%.3f' % acc, '%.4f' % loss, '%.0f' % s]
            for n, params, acc, loss, s in runs]
    return ('nin() 和 nin_one_1x1()，训练预算相同，学习率0.1：\n%s\n%s\n为什么要两个：两个1x1卷积层'
            '相当于在每个像素上的两层感知机，在不损失分辨率的情况下增加非线性和通道间的组合，'
            'NiN没有全连接层，正依靠它们；少一个会让每个块更浅、更便宜。'
            % (table(['每块的1x1卷积层数', '参数', '测试准确率', '训练损失', '秒'], rows),
               verdict_one_1x1({n: acc for n, _, acc, _, _ in runs})))


def verdict_one_1x1(accs, within=0.01):
    """Which NiN the short runs favour: {1x1 convolutions per block: test acc}."""
    scores = {'两个1x1卷积层（书中）': accs[2], '一个': accs[1]}
    sentence = higher(scores, within=within)
    if accs[1] > accs[2] + within:
        return sentence + '：在这个预算下，较浅的NiN更早开始学习。'
    if accs[2] > accs[1] + within:
        return sentence + '：在这个预算下，第二个1x1卷积层物有所值。'
    return sentence + '：这个预算分不出两者的高下。'


EXERCISES = [answer_tune, answer_one_1x1]
