"""5.10 批量归一化 练习: redundant biases, larger learning rates, where batch norm goes, frozen
gamma and beta, global statistics."""
import numpy as np
from mxnet import autograd, nd
from mxnet.gluon import nn

from chapter5.batch_norm import lenet_bn
from chapter5.engine.loop import TrainingDiverged
from chapter5.exercises.common import higher, table, train_net
from chapter5.lenet import lenet

QUICK = dict(num_epochs=1, num_train=2560, num_test=500)
DIVERGED = '发散'  # a run whose loss left the numbers (TrainingDiverged)


def lenet_bn_after_activation():
    """The book's lenet_bn() with each nn.BatchNorm moved after the sigmoid that follows it."""
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
    """A convolution with a bias and the same one without, each followed by batch norm in training
    mode: (largest output difference, largest |gradient| of the bias, largest |gradient| of the weight).
    """
    import mxnet as mx
    mx.random.seed(seed)
    X = nd.random.uniform(shape=(8, 3, 10, 10))
    with_bias, without = nn.Conv2D(6, kernel_size=3), nn.Conv2D(6, kernel_size=3, use_bias=False)
    with_bias.initialize()
    without.initialize()
    with_bias(X), without(X)
    with_bias.bias.set_data(nd.random.uniform(-1, 1, shape=(6,)))  # Gluon starts biases at 0
    without.weight.set_data(with_bias.weight.data())
    bn1, bn2 = nn.BatchNorm(), nn.BatchNorm()
    bn1.initialize(), bn2.initialize()
    R = nd.random.normal(shape=(8, 6, 8, 8))  # a loss that weighs every output differently
    with autograd.record():
        Y1 = bn1(with_bias(X))
        loss = (Y1 * R).sum()
    loss.backward()
    with autograd.record():
        Y2 = bn2(without(X))
    return (float(nd.abs(Y1 - Y2).max().asscalar()), float(nd.abs(with_bias.bias.grad()).max().asscalar()),
            float(nd.abs(with_bias.weight.grad()).max().asscalar()))


def global_stats(seed=0):
    """nn.BatchNorm(use_global_stats=True) in training mode: (largest difference from
    (x - running_mean) / sqrt(running_var + eps), whether the running statistics moved)."""
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
    """Stop learning every batch norm's gamma and beta (grad_req='null'): they stay 1 and 0."""
    for name, param in net.collect_params().items():
        if name.endswith('_gamma') or name.endswith('_beta'):
            param.grad_req = 'null'
    return net


def _final(net, lr, quick, num_epochs=5):
    """Train with the book's batch size; DIVERGED when the loss leaves the numbers."""
    try:
        results, _ = train_net(net, lr=lr, **(QUICK if quick else dict(num_epochs=num_epochs)))
    except TrainingDiverged:
        return DIVERGED, DIVERGED
    return '%.4f' % results[-1].loss, '%.3f' % results[-1].test_acc


def answer_bias():
    """能否将批量归一化前的全连接层或卷积层中的偏差参数去掉？为什么？（提示：回忆批量归一化中标准化的定义。）"""
    diff, bias_grad, weight_grad = bias_before_batch_norm()
    return ('%s批量归一化要减去批量的均值，而偏差给一个通道的每个样本加上同一个常数，减均值时又被减掉：'
            'x + b - mean(x + b) = x - mean(x)。偏差取自U(-1, 1)时：输出的最大差 %.1e；偏差的梯度最大为 '
            '%.1e（权重的梯度：%.1e）。平移由beta来做（gluoncv的ResNet用use_bias=False；书中保留了偏差）。'
            '预测时减去的是移动平均的均值而不是批量的均值，移动平均见过偏差之后，偏差同样被抵消。'
            % (verdict_bias(diff, bias_grad, weight_grad), diff, bias_grad, weight_grad))


def verdict_bias(diff, bias_grad, weight_grad):
    """Can the bias go? Yes when it changes no output and gets (next to) no gradient."""
    if diff < 1e-4 and bias_grad < 1e-4 * weight_grad:
        return '可以：这里偏差没有改变任何输出，它的梯度（在数值上）为零。'
    return ('按这里的测量不行：偏差让输出改变了 %.1e，它的梯度是权重梯度的 %.1e 倍。'
            % (diff, bias_grad / weight_grad))


def answer_larger_lr(quick=False, lrs=(0.9, 3.0, 9.0)):
    """尝试调大学习率。同“卷积神经网络（LeNet）”一节中未使用批量归一化的LeNet相比，现在是不是可以使用更大的学习率？"""
    rows = [[lr] + [' / '.join(_final(build(), lr, quick, num_epochs=2)) for build in (lenet, lenet_bn)]
            for lr in lrs]
    accs = {row[0]: [_acc(cell) for cell in row[1:]] for row in rows}
    return ('每个各训练两个迭代周期，批量256，随机种子相同（最后的训练损失 / 测试准确率）：\n%s\n%s\n'
            '原因：不论权重的尺度如何，批量归一化都让每一层的输入保持均值0、方差1，所以让普通LeNet的'
            'sigmoid饱和（或溢出）的一步，会在下一次标准化时被抵消。'
            % (table(['学习率', 'LeNet', '含批量归一化层的LeNet'], rows), verdict_larger_lr(accs)))


def _acc(cell):
    """The test accuracy of a 'loss / acc' cell; a diverged run counts as chance (0.1)."""
    return 0.1 if DIVERGED in cell else float(cell.split(' / ')[1])


def verdict_larger_lr(accs, book_lr=0.9):
    """{lr: [LeNet test acc, BN-LeNet test acc]}: does batch norm allow the larger rates?"""
    larger = sorted(lr for lr in accs if lr > book_lr)
    behind = [lr for lr in larger if accs[lr][1] <= accs[lr][0]]
    learns = [lr for lr in larger if accs[lr][1] >= 0.5]
    if not behind and learns == larger:
        return ('在比书中的 %s 更大的每个学习率（%s）上，含批量归一化层的LeNet都领先LeNet，并且在学习'
                '（测试准确率 >= 0.5）：可以，批量归一化允许更大的学习率。'
                % (book_lr, ', '.join(map(str, larger))))
    return ('并非在每个更大的学习率上都可以：含批量归一化层的LeNet%s。'
            % '；'.join(part for part in [
                '在学习率 %s 上没有领先' % ', '.join(map(str, behind)) if behind else '',
                '在学习率 %s 上测试准确率低于0.5' % ', '.join(str(lr) for lr in larger if lr not in learns)
                if set(larger) - set(learns) else ''] if part))


def answer_placement(quick=False):
    """尝试将批量归一化层插入LeNet的其他地方，观察并分析结果的变化。"""
    rows = [[name] + list(_final(net, 1.0, quick)) for name, net in (
        ('每个sigmoid之前（书中）', lenet_bn()),
        ('每个sigmoid之后', lenet_bn_after_activation()))]
    return ('书中的训练设置（学习率1.0，5个迭代周期，随机种子相同），移动批量归一化层：\n%s\n%s\n'
            '放在sigmoid之前（论文的位置），批量归一化把sigmoid的输入集中在它陡峭的中段；放在之后，'
            '它标准化下一层收到的输入，同样让各层的输入保持稳定。'
            % (table(['批量归一化层', '训练损失', '测试准确率'], rows), verdict_pair(rows)))


# how far the BN-LeNets' final test accuracy moves from seed to seed at lr 1.0 (docs/reproducing.md)
SEED_SWING = 0.03


def verdict_pair(rows):
    """Two rows [name, loss, test acc]: which ends ahead, and whether one run can rank them."""
    accs = {row[0]: 0.1 if row[-1] == DIVERGED else float(row[-1]) for row in rows}
    sentence = higher(accs, within=SEED_SWING)
    top, second = sorted(accs.values(), reverse=True)[:2]
    if top - second <= SEED_SWING:
        return sentence + '，在单个随机种子最后一个迭代周期的波动之内：一次运行分不出高下。'
    return sentence + '，超过了单个随机种子最后一个迭代周期的波动（%.2f）。' % SEED_SWING


def answer_frozen(quick=False):
    """尝试一下不学习拉伸参数gamma和偏移参数beta（构造的时候加入参数grad_req='null'来避免计算梯度），观察并分析结果。"""
    rows = [[name] + list(_final(net, 1.0, quick)) for name, net in (
        ('学习（书中）', lenet_bn()), ('固定为1和0', frozen_scale_and_shift(lenet_bn())))]
    return ('使用nn.BatchNorm的LeNet，书中的训练设置，随机种子相同：\n%s\n%s\n'
            'gamma = 1、beta = 0 时，每个sigmoid的输入都被固定在均值0、方差1，处于sigmoid近乎线性的中段，'
            '各层因此失去一部分非线性；学习gamma和beta让每一层选择自己的尺度和偏移，甚至撤销标准化。'
            % (table(['gamma和beta', '训练损失', '测试准确率'], rows), verdict_pair(rows)))


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
