"""5.4 池化层 练习：池化的计算量、最大池化对平均池化、最小池化。"""
import numpy as np
from mxnet import nd

from chapter5.conv_layer import corr2d
from chapter5.exercises.common import edge_image
from chapter5.exercises.padding_and_strides import conv_output_shape, pair
from chapter5.pooling import pool2d


def pool_ops(input_shape, pool_size, padding=0, strides=None, mode='max'):
    """一次前向池化（不含批量）的运算次数：一个字典。

    c x out_h x out_w 个输出中的每一个看 p_h x p_w 个值：p_h*p_w - 1 次比较（最大池化）或加法（平均池化，
    再加一次除法）。输出大小用卷积的公式；步幅默认等于窗口，与Gluon相同。"""
    c, h, w = input_shape
    strides = pool_size if strides is None else strides
    out_h, out_w = conv_output_shape((h, w), pool_size, padding, strides)
    p_h, p_w = pair(pool_size)
    outputs = c * out_h * out_w
    if mode == 'max':
        return {'comparisons': outputs * (p_h * p_w - 1)}
    if mode == 'avg':
        return {'adds': outputs * (p_h * p_w - 1), 'divisions': outputs}
    raise ValueError("pool_ops: unknown mode %r; use 'max' or 'avg'" % (mode,))


def pool_counted(X, pool_size, padding=0, strides=None, mode='max'):
    """对形状为 (c, h, w) 的X一边池化一边计数的循环：返回（Y，numpy数组，计数）。"""
    X = X.asnumpy()
    (p_h, p_w), (pad_h, pad_w) = pair(pool_size), pair(padding)
    s_h, s_w = pair(pool_size if strides is None else strides)
    X = np.pad(X, ((0, 0), (pad_h, pad_h), (pad_w, pad_w)),
               constant_values=-np.inf if mode == 'max' else 0)
    c = X.shape[0]
    out_h, out_w = (X.shape[1] - p_h) // s_h + 1, (X.shape[2] - p_w) // s_w + 1
    Y = np.zeros((c, out_h, out_w), dtype=np.float32)
    counts = {'comparisons': 0} if mode == 'max' else {'adds': 0, 'divisions': 0}
    for k in range(c):
        for i in range(out_h):
            for j in range(out_w):
                window = X[k, i * s_h: i * s_h + p_h, j * s_w: j * s_w + p_w].ravel()
                acc = window[0]
                for v in window[1:]:
                    if mode == 'max':
                        acc = v if v > acc else acc
                        counts['comparisons'] += 1
                    else:
                        acc = acc + v
                        counts['adds'] += 1
                if mode == 'avg':
                    acc = acc / (p_h * p_w)
                    counts['divisions'] += 1
                Y[k, i, j] = acc
    return Y, counts


def min_pool2d(X, pool_size):
    """二维X的最小池化：-X的最大池化再取负（最小就是倒过来的最大）。"""
    return -pool2d(-X, pool_size, 'max')


def shifted_edges(shift):
    """笔记中（5.1）边缘图像的边缘图，向右移 `shift` 列。"""
    X = edge_image()
    if shift:
        X = nd.concat(nd.ones((6, shift)), X[:, :-shift], dim=1)
    return corr2d(X, nd.array([[1, -1]]))


def answer_cost():
    """分析池化层的计算复杂度。假设输入形状为c×h×w，我们使用形状为p_h×p_w的池化窗口，而且使用(p_h, p_w)填充
    和(s_h, s_w)步幅。这个池化层的前向计算复杂度有多大？"""
    X = nd.random.uniform(shape=(2, 7, 9))
    lines = []
    for mode in ('max', 'avg'):
        _, counted = pool_counted(X, (3, 2), padding=(1, 1), strides=(2, 3), mode=mode)
        lines.append('%s：公式 %s，数出 %s' % (mode, pool_ops((2, 7, 9), (3, 2), (1, 1), (2, 3), mode),
                                                     counted))
    return ('共 c*out_h*out_w 个窗口，每个窗口 p_h*p_w 个值，其中 out_h = floor((h - p_h + 2p_h + s_h) / s_h)'
            '（按题目，填充为p_h），所以运算量为 O(c*h*w*p_h*p_w / (s_h*s_w))；没有乘法，也没有参数，'
            '比 c_o = c_i = c 的卷积少 c 倍。输入2x7x9，窗口(3, 2)，填充(1, 1)，步幅(2, 3)：\n'
            + '\n'.join(lines))


def answer_max_avg():
    """想一想，最大池化层和平均池化层在作用上可能有哪些区别？"""
    Y0, Y1 = shifted_edges(0), shifted_edges(1)
    m0, m1 = pool2d(Y0, (2, 2)), pool2d(Y1, (2, 2))
    a0 = pool2d(Y0, (2, 2), 'avg')
    return ('最大池化保留每个窗口里最强的响应：边缘图的峰值1.0经过2x2最大池化后为 %.1f；图像右移一列后，'
            '两张最大池化的输出仍有 %d 个位置（共 %d 个）相同。平均池化起平滑作用：峰值变为 %.1f，'
            '相邻两条边缘的+1和-1还会相互抵消。最大池化适合检测某个特征是否出现；平均池化适合做汇总'
            '（如NiN中的全局平均池化）。'
            % (m0.max().asscalar(), int((m0 == m1).sum().asscalar()), m0.size, a0.max().asscalar()))


def answer_min():
    """你觉得最小池化层这个想法有没有意义？"""
    R = nd.relu(shifted_edges(0))  # ReLU之后的激活值：非负，大多为0
    zeros_min = float((min_pool2d(R, (2, 2)) == 0).mean().asscalar())
    zeros_max = float((pool2d(R, (2, 2)) == 0).mean().asscalar())
    return ('最小池化就是对-X做最大池化再取负（min_pool2d）。ReLU之后大多数激活值为0，所以在边缘图上它在'
            ' %.0f%% 的窗口里输出0（最大池化：%.0f%%）：它保留最弱的响应，并把梯度只传给它，丢掉了这一层'
            '找到的特征。在低值才是信号的场合它有用（亮背景上的暗点、形态学里的腐蚀），但网络对取负的特征'
            '做最大池化就能得到同样的效果，所以很少使用。' % (100 * zeros_min, 100 * zeros_max))


EXERCISES = [answer_cost, answer_max_avg, answer_min]
