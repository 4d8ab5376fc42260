"""5.3 多输入通道和多输出通道 练习：运算次数、1x1卷积核、把卷积写成矩阵乘法。"""
import numpy as np
from mxnet import nd

from chapter5.channels import corr2d_multi_in_out, corr2d_multi_in_out_1x1
from chapter5.exercises.conv_layer import im2col
from chapter5.exercises.padding_and_strides import conv_output_shape, pair


def conv_ops(input_shape, kernel_shape, padding=0, strides=1, *, bias=False):
    """一次前向卷积（不含批量）的乘法和加法次数：一个字典。

    c_o x out_h x out_w 个输出中的每一个都是 c_i x k_h x k_w 个乘积之和：这么多次乘法，
    加法少一次（有偏差时再加一次）。"""
    c_i, h, w = input_shape
    c_o, k_c, k_h, k_w = kernel_shape
    if k_c != c_i:
        raise ValueError('conv_ops: the kernel has %d input channels, the input %d' % (k_c, c_i))
    out_h, out_w = conv_output_shape((h, w), (k_h, k_w), padding, strides)
    outputs = c_o * out_h * out_w
    return {'mults': outputs * c_i * k_h * k_w, 'adds': outputs * (c_i * k_h * k_w - 1 + bool(bias))}


def conv_counted(X, K, padding=0, strides=1):
    """一边计算一边计数的循环卷积：返回（Y，numpy数组，{'mults', 'adds'}）。"""
    X, K = X.asnumpy(), K.asnumpy()
    (p_h, p_w), (s_h, s_w) = pair(padding), pair(strides)
    X = np.pad(X, ((0, 0), (p_h, p_h), (p_w, p_w)))
    c_o, c_i, k_h, k_w = K.shape
    out_h, out_w = (X.shape[1] - k_h) // s_h + 1, (X.shape[2] - k_w) // s_w + 1
    Y = np.zeros((c_o, out_h, out_w), dtype=np.float32)
    mults = adds = 0
    for o in range(c_o):
        for i in range(out_h):
            for j in range(out_w):
                acc = None
                for c in range(c_i):
                    for a in range(k_h):
                        for b in range(k_w):
                            product = X[c, i * s_h + a, j * s_w + b] * K[o, c, a, b]
                            mults += 1
                            if acc is None:
                                acc = product
                            else:
                                acc += product
                                adds += 1
                Y[o, i, j] = acc
    return Y, {'mults': mults, 'adds': adds}


def conv_matmul(X, K, padding=0, strides=1):
    """任何卷积都是一次矩阵乘法：(c_o, c_i*k_h*k_w) 的矩阵乘以im2col的矩阵。"""
    c_o, c_i, k_h, k_w = K.shape
    cols, (out_h, out_w) = im2col(X, (k_h, k_w), padding, strides)
    return nd.dot(K.reshape((c_o, -1)), cols).reshape((c_o, out_h, out_w))


def compare_1x1(trials=1000, seed=0):
    """把笔记的最后一个例子做很多次：返回（Y1 == Y2 完全相等的次数，最大的 |Y1 - Y2|）。"""
    import mxnet as mx
    mx.random.seed(seed)
    equal, largest = 0, 0.0
    for _ in range(trials):
        X = nd.random.uniform(shape=(3, 3, 3))
        K = nd.random.uniform(shape=(2, 3, 1, 1))
        diff = nd.abs(corr2d_multi_in_out_1x1(X, K) - corr2d_multi_in_out(X, K)).max().asscalar()
        equal += diff == 0
        largest = max(largest, float(diff))
    return equal, largest


def answer_ops():
    """假设输入形状为c_i×h×w，且使用形状为c_o×c_i×k_h×k_w、填充为(p_h, p_w)、步幅为(s_h, s_w)的卷积核。那么
    这个卷积层的前向计算分别需要多少次乘法和加法？"""
    X, K = nd.random.uniform(shape=(3, 7, 6)), nd.random.uniform(shape=(2, 3, 3, 2))
    _, counted = conv_counted(X, K, padding=(1, 2), strides=(2, 1))
    return ('记 out_h = floor((h - k_h + 2p_h + s_h) / s_h)，out_w 同理：'
            '乘法 c_o*out_h*out_w*c_i*k_h*k_w 次，加法 c_o*out_h*out_w*(c_i*k_h*k_w - 1) 次'
            '（有偏差时再多 c_o*out_h*out_w 次）。输入3x7x6，核2x3x3x2，填充(1, 2)，'
            '步幅(2, 1)：公式给出 %s，循环里数出 %s。'
            % (conv_ops((3, 7, 6), (2, 3, 3, 2), (1, 2), (2, 1)), counted))


def answer_doubling():
    """翻倍输入通道数c_i和输出通道数c_o会增加多少倍计算？翻倍填充呢？"""
    base = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=1)['mults']
    both = conv_ops((128, 56, 56), (128, 128, 3, 3), padding=1)['mults']
    pad = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=2)['mults']
    return ('c_i和c_o都翻倍，计算量变为4倍（各自翻倍一次）：56x56上3x3的核，通道64->128，%.2f 倍。'
            '填充翻倍只让输出变大：填充1 -> 2，输出由56x56变为58x58，计算量为 %.3f 倍。'
            % (both / base, pad / base))


def answer_1x1():
    """如果卷积核的高和宽k_h = k_w = 1，能减少多少计算？"""
    k3 = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=1)
    k1 = conv_ops((64, 56, 56), (64, 64, 1, 1))
    return ('输出大小相同时，乘法次数减少为1/(k_h*k_w)：3x3核的乘法次数是1x1核的 %.1f 倍'
            '（64个通道，56x56：%d 对 %d）。'
            % (k3['mults'] / k1['mults'], k3['mults'], k1['mults']))


def answer_y1_y2():
    """本节最后一个例子中的变量Y1和Y2完全一致吗？原因是什么？"""
    equal, largest = compare_1x1()
    return ('数学上一致：两者在每个像素上对同样的c_i个乘积求和。但在float32中求和的顺序不同'
            '（nd.dot对corr2d的add_n），最后几位可能不同：在这里的1000次随机试验中，Y1 == Y2 完全相等 %d 次，'
            '最大差为 %.1e。所以笔记用范数 < 1e-6 来比较，而不是 ==。' % (equal, largest))


def answer_matmul():
    """当卷积窗口不为1 × 1时，如何用矩阵乘法实现卷积计算？"""
    X, K = nd.random.uniform(shape=(3, 9, 11)), nd.random.uniform(shape=(4, 3, 3, 2))
    Y = conv_matmul(X, K, padding=1, strides=2)
    ref = nd.Convolution(X.expand_dims(0), K, kernel=(3, 2), num_filter=4, pad=(1, 1), stride=(2, 2),
                         no_bias=True)[0]
    return ('im2col把每个窗口（c_i*k_h*k_w个值）变成一列；核变成形状为(c_o, c_i*k_h*k_w)的矩阵；'
            'Y = K x cols，再变形为(c_o, out_h, out_w)。输入3x9x11，核4x3x3x2，填充1，步幅2：'
            '形状 %s，与nd.Convolution的最大差 %.1e。'
            % (Y.shape, nd.abs(Y - ref).max().asscalar()))


EXERCISES = [answer_ops, answer_doubling, answer_1x1, answer_y1_y2, answer_matmul]
