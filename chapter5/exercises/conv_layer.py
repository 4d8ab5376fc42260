"""5.1 二维卷积层 练习：检测边缘的卷积核、自动求梯度能训练的Conv2D、im2col、检测边缘的全连接层。"""
import time

import numpy as np
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn

from chapter5.conv_layer import Conv2D, corr2d
from chapter5.exercises.common import edge_image

# 卷积核：横跨边缘的差分对边缘有响应，顺着边缘的差分没有
K_VERTICAL = nd.array([[1, -1]])        # 笔记中的卷积核：左减右
K_HORIZONTAL = nd.array([[1], [-1]])    # 上减下
K_DIAGONAL = nd.array([[0, 1], [-1, 0]])  # 右上减左下：横跨“\”形边缘


def horizontal_edge_image():
    """6x8的图像，上面三行为白色（1），下面为黑色（0）：一条水平边缘。"""
    X = nd.ones((6, 8))
    X[3:, :] = 0
    return X


def diagonal_edge_image():
    """6x8的图像，对角线上及其右上方（j >= i）为白色（1），左下方为黑色：一条“\\”形边缘。"""
    i, j = np.indices((6, 8))
    return nd.array(j >= i)


def edge_kernels():
    """边缘图像，以及横跨边缘和顺着边缘的卷积核。

    返回 {名字: (图像, 卷积核, 输出)}：水平边缘和对角边缘各一组，每组用横跨边缘的卷积核，
    并用笔记中顺着边缘的卷积核作对比。"""
    H, D = horizontal_edge_image(), diagonal_edge_image()
    return {
        '水平边缘，K=[[1],[-1]]': (H, K_HORIZONTAL, corr2d(H, K_HORIZONTAL)),
        '水平边缘，K=[[1,-1]]（笔记的核）': (H, K_VERTICAL, corr2d(H, K_VERTICAL)),
        '对角边缘，K=[[0,1],[-1,0]]': (D, K_DIAGONAL, corr2d(D, K_DIAGONAL)),
        '对角边缘，K=[[1,0],[0,-1]]（沿边缘方向）': (D, nd.array([[1, 0], [0, -1]]),
                                                     corr2d(D, nd.array([[1, 0], [0, -1]]))),
    }


def conv2d_autograd_error():
    """对笔记中的Conv2D自动求梯度时抛出的错误（错误信息的最后一行）。"""
    conv = Conv2D((1, 2))
    conv.initialize()
    try:
        with autograd.record():
            y = conv(edge_image())
        y.backward()
    except Exception as e:  # MXNetError：corr2d原地写入 Y[i, j]
        return [line for line in str(e).splitlines() if line.strip()][-1]
    raise AssertionError('autograd differentiated corr2d; expected an in-place error')


class Conv2DConvolution(Conv2D):
    """把笔记中Conv2D的corr2d换成nd.Convolution，自动求梯度就能对它求导：参数相同，前向计算不同。"""

    def forward(self, x):
        h, w = x.shape
        k_h, k_w = self.weight.shape
        # nd.Convolution 要的数据形状是（批量，通道，高，宽），权重形状是（输出通道，输入通道，k_h，k_w）
        y = nd.Convolution(x.reshape((1, 1, h, w)), self.weight.data().reshape((1, 1, k_h, k_w)),
                           self.bias.data(), kernel=(k_h, k_w), num_filter=1)
        return y.reshape((h - k_h + 1, w - k_w + 1))


def learn_kernel_convolution(num_batches=100, lr=1e-2):
    """用Conv2DConvolution学习卷积核，就像5.1.4节用nn.Conv2D那样。

    从边缘图像和它的边缘图学习笔记中的 [[1, -1]] 卷积核（还有偏差）；返回这个层和最后的损失。笔记的学习率
    3e-2 在这里会发散：偏差也在学习，它的梯度是全部42个输出的和。"""
    X = edge_image()
    Y = corr2d(X, K_VERTICAL)
    conv = Conv2DConvolution((1, 2))
    conv.initialize()
    for _ in range(num_batches):
        with autograd.record():
            l = ((conv(X) - Y) ** 2).sum()
        l.backward()
        for p in (conv.weight, conv.bias):
            p.data()[:] -= lr * p.grad()
    return conv, l.asscalar()


def im2col(X, kernel_size, padding=0, strides=1):
    """把X的各个窗口排成一个矩阵的各列，这样互相关运算就是一次矩阵乘法。

    X的形状为 (h, w) 或 (c, h, w)。结果的第 (c, a, b) 行按行优先的顺序，对每个输出位置 (i, j)
    放着补零后的X的 X[c, i*s_h + a, j*s_w + b]：形状为 (c * k_h * k_w, out_h * out_w)，行的顺序与
    K.reshape((c_o, -1)) 相同。"""
    X = X.reshape((1,) + X.shape) if X.ndim == 2 else X
    c, h, w = X.shape
    k_h, k_w = kernel_size
    p_h, p_w = (padding, padding) if np.isscalar(padding) else padding
    s_h, s_w = (strides, strides) if np.isscalar(strides) else strides
    out_h, out_w = (h + 2 * p_h - k_h) // s_h + 1, (w + 2 * p_w - k_w) // s_w + 1
    if out_h < 1 or out_w < 1:
        raise ValueError('im2col: window %s does not fit the input of shape %s padded by %s'
                         % (kernel_size, X.shape, (p_h, p_w)))
    if p_h or p_w:
        X = nd.pad(X.reshape((1,) + X.shape), mode='constant',
                   pad_width=(0, 0, 0, 0, p_h, p_h, p_w, p_w))[0]
    # 卷积核的每个位置 (a, b) 取一次带步幅的切片：k_h * k_w 次切片，而不是 out_h * out_w 个窗口
    rows = [nd.slice(X, begin=(None, a, b), end=(None, a + s_h * (out_h - 1) + 1, b + s_w * (out_w - 1) + 1),
                     step=(None, s_h, s_w)).reshape((c, 1, -1))
            for a in range(k_h) for b in range(k_w)]
    return nd.concat(*rows, dim=1).reshape((c * k_h * k_w, out_h * out_w)), (out_h, out_w)


def corr2d_matmul(X, K):
    """把corr2d写成一次矩阵乘法：展平的K乘以X的im2col矩阵。"""
    cols, out_shape = im2col(X, K.shape)
    return nd.dot(K.reshape((1, -1)), cols).reshape(out_shape)


def kernel_matrix(K, input_shape):
    """反过来：一个矩阵W，使 corr2d(X, K) = W 乘以展平的X（W的大部分元素为0）。

    W的第 i*out_w + j 行在位置 (i, j) 的窗口所覆盖的像素上放着K。"""
    h, w = input_shape
    k_h, k_w = K.shape
    out_h, out_w = h - k_h + 1, w - k_w + 1
    W = np.zeros((out_h * out_w, h * w), dtype=np.float32)
    K = K.asnumpy()
    for i in range(out_h):
        for j in range(out_w):
            for a in range(k_h):
                W[i * out_w + j, (i + a) * w + j: (i + a) * w + j + k_w] = K[a]
    return nd.array(W)


def corr2d_speedup(size=64, kernel=3, repeat=3):
    """corr2d对corr2d_matmul。

    在随机的 size x size 输入和 kernel x kernel 卷积核上给corr2d（对窗口的Python循环）
    和corr2d_matmul计时：返回（循环的秒数，矩阵乘法的秒数，最大的 |差|）。各取 `repeat`
    次运行中最快的一次。"""
    X, K = nd.random.uniform(shape=(size, size)), nd.random.uniform(shape=(kernel, kernel))

    def best(f):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            Y = f(X, K)
            Y.wait_to_read()
            times.append(time.perf_counter() - start)
        return min(times), Y
    (t_loop, Y_loop), (t_mm, Y_mm) = best(corr2d), best(corr2d_matmul)
    return t_loop, t_mm, float(nd.abs(Y_loop - Y_mm).max().asscalar())


def learn_dense_edge_detector(num_steps=400, batch_size=64, lr=0.01, seed=0):
    """一个检测边缘的全连接层。

    一个Dense层，从6x8图像的48个像素到它的边缘图的42个值，在随机的黑白图像上学到笔记中的卷积核。
    返回这个层，以及它在笔记的边缘图像上的最大误差。"""
    import mxnet as mx
    mx.random.seed(seed)
    W = kernel_matrix(K_VERTICAL, (6, 8))  # 只是为了快速算出目标：Y = X W^T
    net = nn.Dense(42)
    net.initialize()
    trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': lr})
    for _ in range(num_steps):
        X = (nd.random.uniform(shape=(batch_size, 48)) > 0.5).astype('float32')
        with autograd.record():
            l = ((net(X) - nd.dot(X, W.T)) ** 2).mean()
        l.backward()
        trainer.step(1)
    X = edge_image()
    err = nd.abs(net(X.reshape((1, -1))).reshape((6, 7)) - corr2d(X, K_VERTICAL)).max().asscalar()
    return net, float(err)


def answer_edges():
    """构造一个输入图像X，令它有水平方向的边缘。如何设计卷积核K来检测图像中水平边缘？如果是对角方向的边缘呢
    ？"""
    lines = []
    for name, (_, _, Y) in edge_kernels().items():
        rows = sorted({int(i) for i, j in zip(*np.nonzero(Y.asnumpy()))})
        lines.append('%s：输出形状 %s，非零的行 %s' % (name, Y.shape, rows or '无'))
    return ('在垂直于边缘的方向上做差分的核能检测到边缘；沿着边缘方向做差分的核只输出0。\n'
            + '\n'.join(lines))


def answer_autograd():
    """试着对我们自己构造的Conv2D类进行自动求梯度，会有什么样的错误信息？在该类的forward函数里，将corr2d函
    数替换成nd.Convolution类使得自动求梯度变得可行。"""
    conv, loss = learn_kernel_convolution()
    return ('对笔记的Conv2D自动求梯度时报错：“%s”（corr2d原地写入Y[i, j]）。\n'
            '在forward里改用nd.Convolution后，学习率0.01迭代100次学到的权重为 %s，偏差 %.4f'
            '（损失 %.2g）。'
            % (conv2d_autograd_error(), np.round(conv.weight.data().asnumpy(), 4),
               conv.bias.data().asscalar(), loss))


def answer_matmul():
    """如何通过变化输入和核数组将互相关运算表示成一个矩阵乘法？"""
    t_loop, t_mm, err = corr2d_speedup()
    return ('把输入展开：im2col把每个窗口放进矩阵的一列，于是 Y = K.reshape(1, -1) x cols'
            '（只需k_h*k_w次切片，不必逐个窗口循环）；或者把核展开成稀疏矩阵W，使 Y = W x vec(X)'
            '（kernel_matrix）。在64x64的输入和3x3的核上：corr2d %.1f 毫秒，im2col %.2f 毫秒，'
            '快 %.0f 倍，最大差 %.1e。'
            % (t_loop * 1e3, t_mm * 1e3, t_loop / t_mm, err))


def answer_dense():
    """如何构造一个全连接层来进行物体边缘检测？"""
    net, err = learn_dense_edge_detector()
    return ('把图像展平成48个像素，接一个Dense(42)层，用随机图像学习边缘图：在笔记的图像上最大误差 %.3f。'
            '它需要 %d 个参数，而卷积核只要2个加一个偏差；它学到的W就是kernel_matrix(K)：'
            '卷积层就是权重共享且局部连接的全连接层。' % (err, 48 * 42 + 42))


EXERCISES = [answer_edges, answer_autograd, answer_matmul, answer_dense]
