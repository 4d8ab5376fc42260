"""5.10 批量归一化 练习：多余的偏差、更大的学习率、批量归一化层放在哪里、固定的gamma和beta、
全局的统计量。"""
import numpy as np
from mxnet import autograd, nd
from mxnet.gluon import nn

from chapter5.batch_norm import lenet_bn
from chapter5.exercises.common import SEEDS, finals, over_seeds, table
from chapter5.exercises.verdicts import LEARNED, MIN_SEEDS, RULE, cell, pair, seed_rows
from chapter5.lenet import lenet

DIVERGED = '发散'  # 损失不再是有限的数的运行（TrainingDiverged）


def lenet_bn_after_activation():
    """书中的lenet_bn()，把每个nn.BatchNorm移到它后面的sigmoid之后。"""
    layers = list(lenet_bn())
    i = 0
    while i < len(layers) - 1:
        if isinstance(layers[i], nn.BatchNorm):
            layers[i], layers[i + 1] = layers[i + 1], layers[i]
            i += 1
        i += 1
    net = nn.Sequential()
    net.add(*layers)
    return net


def bias_before_batch_norm(seed=0):
    """一个有偏差的卷积层和一个同样但没有偏差的卷积层，后面各接一个训练模式下的批量归一化层：
    返回（输出的最大差，偏差梯度的最大绝对值，权重梯度的最大绝对值）。"""
    import mxnet as mx
    mx.random.seed(seed)
    X = nd.random.uniform(shape=(8, 3, 10, 10))
    with_bias, without = nn.Conv2D(6, kernel_size=3), nn.Conv2D(6, kernel_size=3, use_bias=False)
    with_bias.initialize()
    without.initialize()
    with_bias(X), without(X)
    with_bias.bias.set_data(nd.random.uniform(-1, 1, shape=(6,)))  # Gluon把偏差初始化为0
    without.weight.set_data(with_bias.weight.data())
    bn1, bn2 = nn.BatchNorm(), nn.BatchNorm()
    bn1.initialize(), bn2.initialize()
    R = nd.random.normal(shape=(8, 6, 8, 8))  # 一个给每个输出不同权重的损失
    with autograd.record():
        Y1 = bn1(with_bias(X))
        loss = (Y1 * R).sum()
    loss.backward()
    with autograd.record():
        Y2 = bn2(without(X))
    return (float(nd.abs(Y1 - Y2).max().asscalar()), float(nd.abs(with_bias.bias.grad()).max().asscalar()),
            float(nd.abs(with_bias.weight.grad()).max().asscalar()))


def global_stats(seed=0):
    """训练模式下的 nn.BatchNorm(use_global_stats=True)：返回（与 (x - running_mean) / sqrt(running_var +
    eps) 的最大差，移动平均的统计量是否变了）。"""
    import mxnet as mx
    mx.random.seed(seed)
    bn = nn.BatchNorm(use_global_stats=True, in_channels=3)
    bn.initialize()
    mean, var = nd.array([1, 2, 3]), nd.array([4, 5, 6])
    bn.running_mean.set_data(mean)
    bn.running_var.set_data(var)
    X = nd.random.normal(shape=(4, 3, 5, 5))
    with autograd.record():
        Y = bn(X)
    Y.backward()
    expected = (X - mean.reshape((1, 3, 1, 1))) / nd.sqrt(var.reshape((1, 3, 1, 1)) + 1e-5)
    moved = not (np.array_equal(bn.running_mean.data().asnumpy(), mean.asnumpy())
                 and np.array_equal(bn.running_var.data().asnumpy(), var.asnumpy()))
    return float(nd.abs(Y - expected).max().asscalar()), moved


def frozen_scale_and_shift(net):
    """不再学习每个批量归一化层的gamma和beta（grad_req='null'）：它们保持为1和0。"""
    for name, param in net.collect_params().items():
        if name.endswith('_gamma') or name.endswith('_beta'):
            param.grad_req = 'null'
    return net


def lenet_bn_frozen():
    """书中的lenet_bn()，不学习gamma和beta（frozen_scale_and_shift）。"""
    return frozen_scale_and_shift(lenet_bn())


# 这里每次运行都用书中LeNet的预算（批量256，5个迭代周期）；QUICK是只看代码能跑的小预算
BUDGET = dict(batch_size=256, num_epochs=5)
QUICK = dict(batch_size=256, num_epochs=1, num_train=2560, num_test=500)


def seeded_accs(build, lr, quick=False):
    """`build()` 用学习率 `lr` 训练后最后的测试准确率，每个随机种子一次（发散的运行按随机猜测
    common.CHANCE 计），以及是否有运行发散。"""
    runs = over_seeds(build, SEEDS[:1] if quick else SEEDS, lr=lr, **(QUICK if quick else BUDGET))
    return finals(runs), any(run['diverged'] for run in runs)


def acc_cell(accs, diverged):
    """表格的一个单元格：各种子测试准确率的均值 ± 标准差，有运行发散时注明。"""
    return cell(accs) + ('（有%s）' % DIVERGED if diverged else '')


def answer_bias():
    """能否将批量归一化前的全连接层或卷积层中的偏差参数去掉？为什么？（提示：回忆批量归一化中标准化的定义。）"""
    diff, bias_grad, weight_grad = bias_before_batch_norm()
    return ('%s批量归一化要减去批量的均值，而偏差给一个通道的每个样本加上同一个常数，减均值时又被减掉：'
            'x + b - mean(x + b) = x - mean(x)。偏差取自U(-1, 1)时：输出的最大差 %.1e；偏差的梯度最大为 '
            '%.1e（权重的梯度：%.1e）。平移由beta来做（gluoncv的ResNet用use_bias=False；书中保留了偏差）。'
            '预测时减去的是移动平均的均值而不是批量的均值，移动平均见过偏差之后，偏差同样被抵消。'
            % (verdict_bias(diff, bias_grad, weight_grad), diff, bias_grad, weight_grad))


def verdict_bias(diff, bias_grad, weight_grad):
    """偏差能去掉吗？它不改变任何输出、（几乎）没有梯度时就能。"""
    if diff < 1e-4 and bias_grad < 1e-4 * weight_grad:
        return '可以：这里偏差没有改变任何输出，它的梯度（在数值上）为零。'
    return ('按这里的测量不行：偏差让输出改变了 %.1e，它的梯度是权重梯度的 %.1e 倍。'
            % (diff, bias_grad / weight_grad))


def answer_larger_lr(quick=False, lrs=(0.9, 3.0, 9.0)):
    """尝试调大学习率。同“卷积神经网络（LeNet）”一节中未使用批量归一化的LeNet相比，现在是不是可以使用更大的学习率？"""
    results = {lr: {name: seeded_accs(build, lr, quick) for name, build in
                    (('LeNet', lenet), ('含批量归一化层的LeNet', lenet_bn))} for lr in lrs}
    rows = [[lr] + [acc_cell(*results[lr][name]) for name in results[lr]] for lr in lrs]
    return ('书中LeNet的批量256和5个迭代周期，每个学习率、每个网络 %d 个随机种子，测试准确率'
            '（均值 ± 标准差；发散的运行按随机猜测的0.1计）：\n%s\n%s\n%s\n'
            '书中的解释（这里没有单独测量）：不论权重的尺度如何，批量归一化都让每一层的输入保持均值0、'
            '方差1，所以让普通LeNet的sigmoid饱和（或溢出）的一步，会在下一次标准化时被抵消。'
            % (len(results[lrs[0]]['LeNet'][0]), table(['学习率', 'LeNet', '含批量归一化层的LeNet'], rows),
               verdict_larger_lr({lr: {name: accs for name, (accs, _) in r.items()}
                                  for lr, r in results.items()}), RULE))


def verdict_larger_lr(accs, book_lr=0.9):
    """{学习率: {网络: [每个种子的测试准确率]}}：在比书中更大的每个学习率上，
    哪个网络学会了（都学会时谁领先）；含批量归一化层的LeNet在每个更大的学习率上都学会了，
    才说它允许更大的学习率。"""
    sentences, bn_learns = [], []
    for lr in sorted(accs):
        (plain_name, plain), (bn_name, bn) = accs[lr].items()
        learned = [name for name, values in accs[lr].items()
                   if len(values) >= MIN_SEEDS and min(values) >= LEARNED]
        if len(learned) == 2:
            sentences.append('学习率 %s：%s' % (lr, pair(bn_name, bn, plain_name, plain)))
        else:
            sentences.append('学习率 %s：%s。' % (lr, '只有%s每次都学会了' % learned[0] if learned
                                                 else '两个网络都没有每次都学会（或种子不够）'))
        if lr > book_lr:
            bn_learns.append(bn_name in learned)
    if bn_learns and all(bn_learns):
        sentences.append('在比书中的 %s 更大的每个学习率上，含批量归一化层的LeNet每次都学会了：'
                         '可以使用更大的学习率。'
                         % book_lr)
    else:
        sentences.append('含批量归一化层的LeNet并非在每个更大的学习率上都每次学会。')
    return ''.join(sentences)


def answer_placement(quick=False):
    """尝试将批量归一化层插入LeNet的其他地方，观察并分析结果的变化。"""
    return ('书中的训练设置（学习率1.0，批量256，5个迭代周期），移动批量归一化层：\n%s\n'
            '书中和论文的解释（这里没有单独测量）：放在sigmoid之前（论文的位置），批量归一化把sigmoid的输入'
            '集中在它陡峭的中段；放在之后，它标准化下一层收到的输入，同样让各层的输入保持稳定。'
            % two_arms((('每个sigmoid之前（书中）', lenet_bn),
                        ('每个sigmoid之后', lenet_bn_after_activation)),
                       '批量归一化层', quick))


def two_arms(arms, what, quick=False, lr=1.0):
    """两组 ((名字, 构造函数), ...) 用学习率 `lr`、按各随机种子训练后的表格和结论。"""
    results = {name: seeded_accs(build, lr, quick) for name, build in arms}
    (name_a, (a, _)), (name_b, (b, _)) = results.items()
    return '%s\n%s\n%s' % (table([what, '每个种子的测试准确率', '均值 ± 标准差'],
                                  seed_rows({name: accs for name, (accs, _) in results.items()})),
                            pair(name_a, a, name_b, b), RULE)


def answer_frozen(quick=False):
    """尝试一下不学习拉伸参数gamma和偏移参数beta（构造的时候加入参数grad_req='null'来避免计算梯度），观察并分析结果。"""
    return ('使用nn.BatchNorm的LeNet，书中的训练设置（学习率1.0，批量256，5个迭代周期）：\n%s\n'
            '书中的解释（这里没有单独测量）：gamma = 1、beta = 0 时，每个sigmoid的输入都被固定在均值0、'
            '方差1，处于sigmoid近乎线性的中段，各层因此失去一部分非线性；学习gamma和beta让每一层选择自己的'
            '尺度和偏移，甚至撤销标准化。'
            % two_arms((('学习（书中）', lenet_bn), ('固定为1和0', lenet_bn_frozen)), 'gamma和beta', quick))


def answer_global_stats():
    """查看BatchNorm类的文档来了解更多使用方法，例如，如何在训练时使用基于全局平均的均值和方差。"""
    diff, moved = global_stats()
    return ('nn.BatchNorm(use_global_stats=True) %s：这里在autograd.record()下的输出与 '
            '(x - running_mean) / sqrt(running_var + eps) 最多相差 %.1e，移动平均的统计量%s。'
            '用批量归一化预训练的网络在小批量上微调时就这样用，因为小批量自己的统计量噪声太大。'
            '其他选项：momentum（移动平均的动量，0.9）、epsilon、center和scale（是否学习beta和gamma）、'
            'axis（通道所在的轴）。'
            % ('在训练模式下也用running_mean和running_var做标准化'
               if diff < 1e-4 and not moved
               else '在这里的训练模式下没有使用移动平均的统计量',
               diff,
               '变了' if moved else '没有变'))


EXERCISES = [answer_bias, answer_larger_lr, answer_placement, answer_frozen, answer_global_stats]
