"""5.7 使用重复元素的网络（VGG） 练习: why VGG is slow, 224 against 96, VGG-16 and VGG-19."""
import mxnet as mx
import numpy as np
from mxnet import nd
from mxnet.gluon import nn

from chapter5.exercises.common import SEEDS, finals, over_seeds, table
from chapter5.exercises.verdicts import RULE, mean_sd, pair, seed_rows
from chapter5.vgg import vgg

# the VGG paper's Table 1 (configurations A, B, D, E): (convolutions, channels) of each block
VGG_ARCHS = {
    11: ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512)),
    13: ((2, 64), (2, 128), (2, 256), (2, 512), (2, 512)),
    16: ((2, 64), (2, 128), (3, 256), (3, 512), (3, 512)),
    19: ((2, 64), (2, 128), (4, 256), (4, 512), (4, 512)),
}


def vgg16():
    """VGG-16 (configuration D): the book's vgg() on the paper's architecture."""
    return vgg(VGG_ARCHS[16])


def vgg19():
    """VGG-19 (configuration E)."""
    return vgg(VGG_ARCHS[19])


def leaves(block):
    """The layers of a network of nested Sequentials, in the order they run."""
    if isinstance(block, (nn.Sequential, nn.HybridSequential)):
        for child in block:
            yield from leaves(child)
    else:
        yield block  # a layer (a Conv2D or Dense holds its activation inside)


def layer_costs(net, size=224):
    """Per layer of a sequential network on one 1 x size x size image: (name, output shape,
    parameters, multiply-adds). A convolution does c_i*k_h*k_w multiply-adds per output value
    (5.3's count), a dense layer one per weight. Initialises `net` if needed."""
    X = nd.zeros((1, 1, size, size))
    if any(p._data is None for p in net.collect_params().values()):
        net.initialize()
        net(X)
    rows = []
    for layer in leaves(net):
        X = layer(X)
        params = sum(p.data().size for p in layer.collect_params().values())
        if isinstance(layer, nn.Conv2D):
            _, c_i, k_h, k_w = layer.weight.shape
            macs = X.size * c_i * k_h * k_w
        elif isinstance(layer, nn.Dense):
            macs = layer.weight.data().size
        else:
            macs = 0
        rows.append((layer.name, X.shape, params, macs))
    return rows


def totals(rows):
    """(parameters, multiply-adds, activation values) of layer_costs' rows."""
    return (sum(r[2] for r in rows), sum(r[3] for r in rows),
            sum(int(np.prod(r[1])) for r in rows))


def answer_why_slow():
    """与AlexNet相比，VGG通常计算慢很多，也需要更多的内存或显存。试分析原因。"""
    from chapter5 import get_model
    rows, work, layers = [], [], []
    for name in ('alexnet', 'vgg11'):
        with mx.name.NameManager():  # layer names counted from conv0 in each network
            net = get_model(name)()
        costs = layer_costs(net)
        params, macs, acts = totals(costs)
        work.append(macs)
        rows.append([name, '%.1f M' % (params / 1e6), '%.2f G' % (macs / 1e9), '%.1f M' % (acts / 1e6)])
        layers += [[name, layer, shape, format(p, ','), '%.0f M' % (m / 1e6)]
                   for layer, shape, p, m in costs if m]
    return ('每张224x224的图像（单通道，10类），逐层计数：\n%s\n%s\nVGG更久地保持高分辨率：AlexNet一开始'
            '就把图像缩小4倍（11x11，步幅4），而VGG-11在224、112、56……像素上做64到512通道的3x3卷积，'
            '所以乘加次数是AlexNet的 %.1f 倍，而且这些大的特征图都要保留到反向传播（激活值占用的内存）。'
            '两者的大部分参数都在4096个单元的全连接层里。' % (
                table(['网络', '参数', '乘加', '激活值'], rows),
                table(['网络', '层', '输出', '参数', '乘加'], layers),
                work[1] / work[0]))


# answer_96's budget: the book's learning rate and batch size, one epoch on the first 30,720
# training images (240 steps), tested on the first 2,000 test images. Measured here: 120 steps left
# the 224x224 network at 0.69
BUDGET_96 = dict(lr=0.05, batch_size=128, num_epochs=1, num_train=30720, num_test=2000)
QUICK_96 = dict(lr=0.05, batch_size=128, num_epochs=1, num_train=256, num_test=256)


def answer_96(quick=False):
    """尝试将Fashion-MNIST中图像的高和宽由224改为96。这在实验中有哪些影响？"""
    from chapter5.vgg import vgg11_small
    budget, seeds = (QUICK_96, SEEDS[:1]) if quick else (BUDGET_96, SEEDS)
    rows, accs, speeds, macs = [], {}, {}, {}
    for size in (224, 96):
        _, macs[size], acts = totals(layer_costs(vgg11_small(), size))
        runs = over_seeds(vgg11_small, seeds, resize=size, **budget)
        accs[size] = finals(runs)
        speeds[size] = [budget['num_train'] / run['seconds'] for run in runs]
        rows.append([size, '%.2f G' % (macs[size] / 1e9), '%.1f M' % (acts / 1e6),
                     '%.0f' % (sum(speeds[size]) / len(seeds))])
    return ('vgg11_small（书中训练的网络），书中的学习率0.05和批量大小128，在前 %d 张训练图像上训练 %d 个'
            '迭代周期，在前 %d 张测试图像上测试，每种输入大小、每个随机种子（%s）一次：\n%s\n'
            '测试准确率：\n%s\n%s\n%s'
            % (budget['num_train'], budget['num_epochs'], budget['num_test'], ', '.join(map(str, seeds)),
               table(['输入', '乘加', '激活值', '本机每秒训练图像数（含测试）'], rows),
               table(['输入', '每个种子', '均值 ± 标准差'],
                     seed_rows({'%dx%d' % (size, size): accs[size] for size in accs})),
               verdict_96(macs, speeds, accs), RULE))


def verdict_96(macs, speeds, accs):
    """What going from 224 to 96 did to the work, the speed and the accuracy of the same budget:
    {size: multiply-adds}, {size: [images per second per seed]}, {size: [test acc per seed]}."""
    return ('输入为96时，每张图像的乘加次数少 %.1f 倍（(224/96)^2 = %.1f：计算量与像素数成正比），'
            '本机训练速度是 %.1f 倍；%s'
            % (macs[224] / macs[96], (224 / 96) ** 2, mean_sd(speeds[96])[0] / mean_sd(speeds[224])[0],
               pair('96x96', accs[96], '224x224', accs[224])))


def answer_vgg16_19():
    """参考VGG论文里的表1来构造VGG其他常用模型，如VGG-16和VGG-19 [1]。"""
    rows = []
    for depth in (11, 13, 16, 19):
        params, macs, _ = totals(layer_costs(vgg(VGG_ARCHS[depth])))
        rows.append(['VGG-%d' % depth, VGG_ARCHS[depth], '%.1f M' % (params / 1e6), '%.1f G' % (macs / 1e9)])
    return ('vgg(VGG_ARCHS[d]) 构造论文表1中的每种配置（224x224，单通道，10类）；深度数的是卷积层'
            '加上3个全连接层：\n%s\n参数个数与gluoncv的vgg16/vgg19相同（有测试）。'
            % table(['模型', '每块的（卷积层数，通道数）', '参数', '乘加'], rows))


EXERCISES = [answer_why_slow, answer_96, answer_vgg16_19]
