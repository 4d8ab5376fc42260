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
    """Train with the book's batch size; 'diverged' when the loss leaves the numbers."""
    try:
        results, _ = train_net(net, lr=lr, **(QUICK if quick else dict(num_epochs=num_epochs)))
    except TrainingDiverged:
        return 'diverged', 'diverged'
    return '%.4f' % results[-1].loss, '%.3f' % results[-1].test_acc


def answer_bias():
    """能否将批量归一化前的全连接层或卷积层中的偏差参数去掉？为什么？（提示：回忆批量归一化中标准化的定义。）"""
    diff, bias_grad, weight_grad = bias_before_batch_norm()
    return ('%s Batch norm subtracts the batch mean, and a bias adds the same constant to every example '
            'of a channel, so the mean takes it back out: x + b - mean(x + b) = x - mean(x). With biases '
            'drawn from U(-1, 1): largest output difference %.1e; the bias\'s gradient is %.1e at most '
            '(the weight\'s: %.1e). Beta does the shifting instead (gluoncv\'s ResNets use use_bias=False; '
            'the book keeps the biases). At prediction time the moving mean, not the batch\'s, is '
            'subtracted, and the bias still cancels once the moving mean has seen it.'
            % (verdict_bias(diff, bias_grad, weight_grad), diff, bias_grad, weight_grad))


def verdict_bias(diff, bias_grad, weight_grad):
    """Can the bias go? Yes when it changes no output and gets (next to) no gradient."""
    if diff < 1e-4 and bias_grad < 1e-4 * weight_grad:
        return 'Yes: here the bias changed no output and its gradient is (numerically) zero.'
    return ('Not as measured here: the bias changed the outputs by %.1e and its gradient is %.1e of the '
            'weight\'s.' % (diff, bias_grad / weight_grad))


def answer_larger_lr(quick=False, lrs=(0.9, 3.0, 9.0)):
    """尝试调大学习率。同“卷积神经网络（LeNet）”一节中未使用批量归一化的LeNet相比，现在是不是可以使用更大的学习率？"""
    rows = [[lr] + [' / '.join(_final(build(), lr, quick, num_epochs=2)) for build in (lenet, lenet_bn)]
            for lr in lrs]
    accs = {row[0]: [_acc(cell) for cell in row[1:]] for row in rows}
    return ('Two epochs each, batch 256, the same seed (final train loss / test acc):\n%s\n%s\nWhy: batch '
            'norm keeps every layer\'s inputs at mean 0 and variance 1 whatever the weights\' scale, so a '
            'step that pushes plain LeNet\'s sigmoids into saturation (or overflow) is undone at the next '
            'normalisation.'
            % (table(['lr', 'LeNet', 'LeNet with batch norm'], rows), verdict_larger_lr(accs)))


def _acc(cell):
    """The test accuracy of a 'loss / acc' cell; a diverged run counts as chance (0.1)."""
    return 0.1 if 'diverged' in cell else float(cell.split(' / ')[1])


def verdict_larger_lr(accs, book_lr=0.9):
    """{lr: [LeNet test acc, BN-LeNet test acc]}: does batch norm allow the larger rates?"""
    larger = sorted(lr for lr in accs if lr > book_lr)
    behind = [lr for lr in larger if accs[lr][1] <= accs[lr][0]]
    learns = [lr for lr in larger if accs[lr][1] >= 0.5]
    if not behind and learns == larger:
        return ('At every rate above the book\'s %s (%s) the BN-LeNet ends ahead of LeNet and learns '
                '(test acc >= 0.5): yes, batch norm allows larger learning rates.'
                % (book_lr, ', '.join(map(str, larger))))
    return ('Not at every larger rate: the BN-LeNet %s.'
            % '; '.join(part for part in [
                'is not ahead at lr %s' % ', '.join(map(str, behind)) if behind else '',
                'stays under 0.5 test acc at lr %s' % ', '.join(str(lr) for lr in larger if lr not in learns)
                if set(larger) - set(learns) else ''] if part))


def answer_placement(quick=False):
    """尝试将批量归一化层插入LeNet的其他地方，观察并分析结果的变化。"""
    rows = [[name] + list(_final(net, 1.0, quick)) for name, net in (
        ('before each sigmoid (the book)', lenet_bn()),
        ('after each sigmoid', lenet_bn_after_activation()))]
    return ('The book\'s recipe (lr 1.0, 5 epochs, the same seed) with batch norm moved:\n%s\n%s\nBefore '
            'the sigmoid (the paper\'s place), batch norm centres the sigmoid\'s input in its steep middle; '
            'after it, batch norm standardises what the next layer receives, which also keeps the layers\' '
            'inputs steady.' % (table(['batch norm', 'train loss', 'test acc'], rows), verdict_pair(rows)))


# how far the BN-LeNets' final test accuracy moves from seed to seed at lr 1.0 (docs/reproducing.md)
SEED_SWING = 0.03


def verdict_pair(rows):
    """Two rows [name, loss, test acc]: which ends ahead, and whether one run can rank them."""
    accs = {row[0]: 0.1 if row[-1] == 'diverged' else float(row[-1]) for row in rows}
    sentence = higher(accs, within=SEED_SWING)
    if 'end level' in sentence:
        return sentence + ', the swing of one seed\'s final epoch: one run does not rank them.'
    return sentence + ', more than the swing of one seed\'s final epoch (%.2f).' % SEED_SWING


def answer_frozen(quick=False):
    """尝试一下不学习拉伸参数gamma和偏移参数beta（构造的时候加入参数grad_req='null'来避免计算梯度），观察并分析结果。"""
    rows = [[name] + list(_final(net, 1.0, quick)) for name, net in (
        ('learned (the book)', lenet_bn()), ('frozen at 1 and 0', frozen_scale_and_shift(lenet_bn())))]
    return ('LeNet with nn.BatchNorm, the book\'s recipe, the same seed:\n%s\n%s\nWith gamma = 1 and '
            'beta = 0 every sigmoid input is held at mean 0 and variance 1, in the sigmoid\'s nearly '
            'linear middle, '
            'so the layers lose some of their non-linearity; learning gamma and beta lets each layer choose '
            'its own scale and offset, even undo the normalisation.'
            % (table(['gamma and beta', 'train loss', 'test acc'], rows), verdict_pair(rows)))


def answer_global_stats():
    """查看BatchNorm类的文档来了解更多使用方法，例如，如何在训练时使用基于全局平均的均值和方差。"""
    diff, moved = global_stats()
    return ('nn.BatchNorm(use_global_stats=True) %s: here the output under autograd.record() differs from '
            '(x - running_mean) / sqrt(running_var + eps) by %.1e at most, and the running statistics %s. '
            'It is how a network '
            'pretrained with batch norm is fine-tuned with small batches, whose own statistics would be '
            'too noisy. Other options: momentum (of the running averages, 0.9), epsilon, center and scale '
            '(learn beta and gamma or not), axis (the channel axis).'
            % ('normalises with running_mean and running_var even in training mode'
               if diff < 1e-4 and not moved
               else 'did not keep to the running statistics in training mode here',
               diff,
               'moved' if moved else 'did not move'))


EXERCISES = [answer_bias, answer_larger_lr, answer_placement, answer_frozen, answer_global_stats]
