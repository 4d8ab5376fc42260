"""5.2 填充和步幅 练习：输出形状的公式，与nn.Conv2D对照。"""
import itertools

import numpy as np
from mxnet import nd
from mxnet.gluon import nn

from chapter5.exercises.common import table
from chapter5.padding_and_strides import comp_conv2d

# 5.2节（书中）最后一个例子：8x8的输入
LAST_EXAMPLE = dict(kernel_size=(3, 5), padding=(0, 1), strides=(3, 4))


def pair(x):
    return (x, x) if np.isscalar(x) else tuple(x)


def conv_output_shape(input_shape, kernel_size, padding=0, strides=1):
    """按书中的公式（5.2.2）算卷积的输出（高，宽）。

    每边填充p（共2p）、步幅为s时：floor((n - k + 2p + s) / s)。"""
    shape = []
    for n, k, p, s in zip(input_shape, pair(kernel_size), pair(padding), pair(strides)):
        if k > n + 2 * p:
            raise ValueError('conv_output_shape: kernel %s is larger than the input %s padded by %s'
                             % (kernel_size, input_shape, padding))
        shape.append((n - k + 2 * p + s) // s)
    return tuple(shape)


def measured_shape(input_shape, **kwargs):
    """nn.Conv2D(1, **kwargs) 在形状为 `input_shape` 的随机输入上给出的输出形状。"""
    return comp_conv2d(nn.Conv2D(1, **kwargs), nd.random.uniform(shape=input_shape)).shape


def check_formula(sizes=(5, 8, 11), kernels=(1, 2, 3, 5), paddings=(0, 1, 2), strides=(1, 2, 3)):
    """卷积核放得下的每种组合：（输入，卷积核，填充，步幅，公式，测得）。"""
    rows = []
    for n, k, p, s in itertools.product(sizes, kernels, paddings, strides):
        if k <= n + 2 * p:
            rows.append(((n, n), k, p, s, conv_output_shape((n, n), k, p, s),
                         measured_shape((n, n), kernel_size=k, padding=p, strides=s)))
    return rows


def answer_last_example():
    """对本节最后一个例子通过形状计算公式来计算输出形状，看看是否和实验结果一致。"""
    kwargs = LAST_EXAMPLE
    formula = conv_output_shape((8, 8), kwargs['kernel_size'], kwargs['padding'], kwargs['strides'])
    measured = measured_shape((8, 8), **kwargs)
    return ('8x8的输入，核 %s，填充 %s，步幅 %s：%s，所以是 %s；nn.Conv2D 给出 %s：%s。'
            % (kwargs['kernel_size'], kwargs['padding'], kwargs['strides'],
               ', '.join(worked_out(8, k, p, s) for k, p, s in zip(
                   kwargs['kernel_size'], kwargs['padding'], kwargs['strides'])),
               formula, measured, '两者一致' if formula == measured else '两者不一致'))


def worked_out(n, k, p, s):
    """一个维度上代入数字的公式：每边填充p，共2p。"""
    return 'floor((%d - %d + %d + %d) / %d) = %d' % (n, k, 2 * p, s, s, (n - k + 2 * p + s) // s)


def answer_other_combinations():
    """在本节实验中，试一试其他的填充和步幅组合。"""
    rows = check_formula()
    agree = sum(f == m for *_, f, m in rows)
    shown = [r for r in rows if r[0] == (8, 8) and r[1] == 3]
    # 测量：步幅为1、每边填充 (k - 1) / 2 时，输出是否与输入一样大？
    keeps = all(measured == size for size, k, p, s, _, measured in rows if s == 1 and 2 * p == k - 1)
    return ('输入5/8/11、核1/2/3/5、填充0/1/2、步幅1/2/3的组合中，%d 个（共 %d 个）与公式一致。'
            '8x8上的一部分：\n%s\n步幅为1、每边填充(k - 1) / 2 时，输出%s输入的大小；'
            '步幅为s时，输出约缩小为1/s。'
            % (agree, len(rows),
               table(['输入', '核', '填充', '步幅', '公式', 'nn.Conv2D'], shown),
               '保持' if keeps else '并不总是保持'))


EXERCISES = [answer_last_example, answer_other_combinations]
