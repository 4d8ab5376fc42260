"""5.7 使用重复元素的网络（VGG） 练习：VGG为什么慢、224对96、VGG-16和VGG-19。"""
import mxnet as mx
import numpy as np
from mxnet import nd
from mxnet.gluon import nn

from chapter5.exercises.common import SEEDS, finals, over_seeds, table, where_it_learns
from chapter5.exercises.verdicts import RULE, mean_sd, pair, seed_rows
from chapter5.vgg import vgg

# VGG论文的表1（配置A、B、D、E）：每个块的（卷积层数，通道数）
VGG_ARCHS = {
    11: ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512)),
    13: ((2, 64), (2, 128), (2, 256), (2, 512), (2, 512)),
    16: ((2, 64), (2, 128), (3, 256), (3, 512), (3, 512)),
    19: ((2, 64), (2, 128), (4, 256), (4, 512), (4, 512)),
}


def vgg16():
    """VGG-16（配置D）：书中的vgg()按论文的结构构造。"""
    return vgg(VGG_ARCHS[16])


def vgg19():
    """VGG-19（配置E）。"""
    return vgg(VGG_ARCHS[19])


def leaves(block):
    """嵌套的Sequential构成的网络中的各层，按运行的顺序。"""
    if isinstance(block, (nn.Sequential, nn.HybridSequential)):
        for child in block:
            yield from leaves(child)
    else:
        yield block  # 一层（Conv2D和Dense把激活函数包含在自己里面）


def layer_costs(net, size=224):
    """顺序网络的每一层在一张 1 x size x size 图像上的：（名字，输出形状，参数个数，乘加次数）。
    卷积层每个输出值做 c_i*k_h*k_w 次乘加（5.3节的计数），全连接层每个权重一次。需要时初始化 `net`。"""
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
    """layer_costs各行的（参数个数，乘加次数，激活值个数）。"""
    return (sum(r[2] for r in rows), sum(r[3] for r in rows),
            sum(int(np.prod(r[1])) for r in rows))


def answer_why_slow():
    """与AlexNet相比，VGG通常计算慢很多，也需要更多的内存或显存。试分析原因。"""
    from chapter5 import get_model
    rows, work, layers = [], [], []
    for name in ('alexnet', 'vgg11'):
        with mx.name.NameManager():  # 每个网络的层名都从conv0数起
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


# answer_96的预算：书中的学习率和批量大小，在前30,720张训练图像上训练一个迭代周期（240步），
# 在前2,000张测试图像上测试。本机测得：120步后224x224的网络只有0.69
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
            '测试准确率：\n%s\n%s\n%s\n%s'
            % (budget['num_train'], budget['num_epochs'], budget['num_test'], ', '.join(map(str, seeds)),
               table(['输入', '乘加', '激活值', '本机每秒训练图像数（含测试）'], rows),
               table(['输入', '每个种子', '均值 ± 标准差'],
                     seed_rows({'%dx%d' % (size, size): accs[size] for size in accs})),
               verdict_96(macs, speeds, accs), RULE, where_it_learns('vgg11_small')))


def verdict_96(macs, speeds, accs):
    """从224改为96，同样的预算下计算量、速度和准确率有什么变化：{大小: 乘加次数}，{大小:
    [每个种子每秒的图像数]}，{大小: [每个种子的测试准确率]}。"""
    return ('输入为96时，每张图像的乘加次数少 %.1f 倍（像素数之比为 (224/96)^2 = %.1f），'
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
