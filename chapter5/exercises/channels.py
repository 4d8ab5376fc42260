"""5.3 多输入通道和多输出通道 练习: operation counts, 1x1 kernels, and convolution as a matrix product."""
import numpy as np
from mxnet import nd

from chapter5.channels import corr2d_multi_in_out, corr2d_multi_in_out_1x1
from chapter5.exercises.conv_layer import im2col
from chapter5.exercises.padding_and_strides import _pair, conv_output_shape


def conv_ops(input_shape, kernel_shape, padding=0, strides=1, *, bias=False):
    """Multiplications and additions of one forward convolution (no batch): a dict.

    Each of the c_o x out_h x out_w outputs is a sum of c_i x k_h x k_w products:
    that many multiplications and one addition fewer (plus one for a bias).
    """
    c_i, h, w = input_shape
    c_o, k_c, k_h, k_w = kernel_shape
    if k_c != c_i:
        raise ValueError('conv_ops: the kernel has %d input channels, the input %d' % (k_c, c_i))
    out_h, out_w = conv_output_shape((h, w), (k_h, k_w), padding, strides)
    outputs = c_o * out_h * out_w
    return {'mults': outputs * c_i * k_h * k_w, 'adds': outputs * (c_i * k_h * k_w - 1 + bool(bias))}


def conv_counted(X, K, padding=0, strides=1):
    """A loop convolution that counts its operations: (Y as numpy, {'mults', 'adds'})."""
    X, K = X.asnumpy(), K.asnumpy()
    (p_h, p_w), (s_h, s_w) = _pair(padding), _pair(strides)
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
    """Any convolution as one matrix product: (c_o, c_i*k_h*k_w) times im2col's matrix."""
    c_o, c_i, k_h, k_w = K.shape
    cols, (out_h, out_w) = im2col(X, (k_h, k_w), padding, strides)
    return nd.dot(K.reshape((c_o, -1)), cols).reshape((c_o, out_h, out_w))


def compare_1x1(trials=1000, seed=0):
    """The notes' last example many times: (trials where Y1 == Y2 exactly, largest |Y1 - Y2|)."""
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
    return ('With out_h = floor((h - k_h + 2p_h + s_h) / s_h) and out_w likewise: '
            'c_o*out_h*out_w*c_i*k_h*k_w multiplications and c_o*out_h*out_w*(c_i*k_h*k_w - 1) additions '
            '(c_o*out_h*out_w more with a bias). Input 3x7x6, kernel 2x3x3x2, padding (1, 2), '
            'strides (2, 1): formula %s, counted in a loop %s.'
            % (conv_ops((3, 7, 6), (2, 3, 3, 2), (1, 2), (2, 1)), counted))


def answer_doubling():
    """翻倍输入通道数c_i和输出通道数c_o会增加多少倍计算？翻倍填充呢？"""
    base = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=1)['mults']
    both = conv_ops((128, 56, 56), (128, 128, 3, 3), padding=1)['mults']
    pad = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=2)['mults']
    return ('Doubling c_i and c_o multiplies the work by 4 (each doubles it): 64->128 channels on 56x56 '
            'with a 3x3 kernel, %.2fx. Doubling the padding only grows the output: padding 1 -> 2 makes '
            'it 58x58 instead of 56x56, %.3fx the work.' % (both / base, pad / base))


def answer_1x1():
    """如果卷积核的高和宽k_h = k_w = 1，能减少多少计算？"""
    k3 = conv_ops((64, 56, 56), (64, 64, 3, 3), padding=1)
    k1 = conv_ops((64, 56, 56), (64, 64, 1, 1))
    return ('For the same output size, k_h*k_w times fewer multiplications: a 3x3 kernel does %.1fx the '
            'multiplications of a 1x1 one (64 channels, 56x56: %d against %d).'
            % (k3['mults'] / k1['mults'], k3['mults'], k1['mults']))


def answer_y1_y2():
    """本节最后一个例子中的变量Y1和Y2完全一致吗？原因是什么？"""
    equal, largest = compare_1x1()
    return ('Mathematically yes: both sum the same c_i products per pixel. In float32 the sums are '
            'formed in a different order (nd.dot against add_n of corr2d), so the last bits may differ: '
            'in 1000 random trials here Y1 == Y2 exactly in %d, and the largest difference was %.1e. '
            'That is why the notes compare with a norm < 1e-6, not ==.' % (equal, largest))


def answer_matmul():
    """当卷积窗口不为1 × 1时，如何用矩阵乘法实现卷积计算？"""
    X, K = nd.random.uniform(shape=(3, 9, 11)), nd.random.uniform(shape=(4, 3, 3, 2))
    Y = conv_matmul(X, K, padding=1, strides=2)
    ref = nd.Convolution(X.expand_dims(0), K, kernel=(3, 2), num_filter=4, pad=(1, 1), stride=(2, 2),
                         no_bias=True)[0]
    return ('im2col turns each window (c_i*k_h*k_w values) into a column; the kernel becomes a '
            '(c_o, c_i*k_h*k_w) matrix; Y = K x cols, reshaped to (c_o, out_h, out_w). Input 3x9x11, '
            'kernel 4x3x3x2, padding 1, stride 2: shape %s, largest difference from nd.Convolution %.1e.'
            % (Y.shape, nd.abs(Y - ref).max().asscalar()))


EXERCISES = [answer_ops, answer_doubling, answer_1x1, answer_y1_y2, answer_matmul]
