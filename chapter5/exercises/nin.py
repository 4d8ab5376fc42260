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
    return ('NiN at 96x96 on the first 12000 training images, 3 epochs, for learning rates and batch '
            'sizes around the book\'s (lr 0.1, batch 128):\n%s\nBest here: lr %s, batch %s (test acc '
            '%.3f). A smaller batch makes more steps in the same epochs. NiN is sensitive to its '
            'learning rate: it has no dense layer, its last ReLUs feed the global pooling directly, so '
            'too large a step can silence units for good and too small a one can leave it near chance '
            'for an epoch or more. More epochs and the full training set (chapter5 reproduce nin) lift '
            'every row.'
            % ((table(['lr', 'batch', 'test acc', 'train loss', 'seconds'], rows),) + best[:3]))


def answer_one_1x1(quick=False):
    """为什么NiN块里要有两个1 × 1卷积层？去除其中的一个，观察并分析实验现象。"""
    from chapter5.exercises.common import count_params, initialised
    runs = [(n, count_params(initialised(BUILDERS[n]()))) + train_nin(0.1, quick, num_1x1=n)
            for n in (2, 1)]
    rows = [[n, format(params, ','), '%.3f' % acc, '%.4f' % loss, '%.0f' % s]
            for n, params, acc, loss, s in runs]
    return ('nin() and nin_one_1x1() with the same budget and lr 0.1:\n%s\n%s\nWhy two: the pair of 1x1 '
            'convolutions is a two-layer perceptron at every pixel, more non-linearity and mixing across '
            'channels at no cost in resolution, which NiN leans on because it has no dense layers; one '
            'fewer makes every block shallower and cheaper.'
            % (table(['1x1 convolutions per block', 'parameters', 'test acc', 'train loss', 'seconds'], rows),
               verdict_one_1x1({n: acc for n, _, acc, _, _ in runs})))


def verdict_one_1x1(accs, within=0.01):
    """Which NiN the short runs favour: {1x1 convolutions per block: test acc}."""
    scores = {'two 1x1 convolutions (the book)': accs[2], 'one': accs[1]}
    sentence = higher(scores, within=within)
    if accs[1] > accs[2] + within:
        return sentence + ': in this budget the shallower NiN started learning sooner.'
    if accs[2] > accs[1] + within:
        return sentence + ': in this budget the second 1x1 convolution pays for itself.'
    return sentence + ': this budget cannot tell them apart.'


EXERCISES = [answer_tune, answer_one_1x1]
