"""The book's chapter-5 harness, a drop-in for d2lzh in this chapter: `import chapter5.utils as d2l`.

`corr2d` (5.1), `try_gpu`, `evaluate_accuracy`, `train_ch5` (5.5) and
`load_data_fashion_mnist` (5.6) with the book's names, signatures, bodies and
printed lines. Additions (README, "Errata and additions"): `train_ch5` returns
the per-epoch results; `load_data_fashion_mnist` reads the data offline,
checked by content, and never downloads.
"""
import os
import sys
import time
from collections import namedtuple

import mxnet as mx
from mxnet import autograd, nd
from mxnet.gluon import data as gdata
from mxnet.gluon import loss as gloss

from chapter5.conv_layer import corr2d  # noqa: F401  (5.1; the book keeps it in d2lzh)
from chapter5.data import read_fashion_mnist

# one epoch of train_ch5, as it prints it
EpochResult = namedtuple('EpochResult', 'epoch loss train_acc test_acc seconds')


# 尝试使用GPU加速计算
def try_gpu():
    try:
        ctx = mx.gpu()
        _ = nd.zeros((1,), ctx=ctx)
    except mx.base.MXNetError:
        ctx = mx.cpu()
    return ctx


# 计算准确率
def evaluate_accuracy(data_iter, net, ctx):
    acc_sum, n = nd.array([0], ctx=ctx), 0
    for X, y in data_iter:
        # 如果ctx代表GPU及相应的显存，将数据复制到显存上
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        acc_sum += (net(X).argmax(axis=1) == y).sum()
        n += y.size
    return acc_sum.asscalar() / n


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs):
    print('training on', ctx)
    loss = gloss.SoftmaxCrossEntropyLoss()
    history = []  # 本项目的补充：返回每个迭代周期的结果，用于画图
    for epoch in range(num_epochs):
        train_l_sum, train_acc_sum, n, start = 0.0, 0.0, 0, time.time()
        for X, y in train_iter:
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y).sum()
            l.backward()
            # 设置批量大小
            trainer.step(batch_size)
            y = y.astype('float32')
            train_l_sum += l.asscalar()
            train_acc_sum += (y_hat.argmax(axis=1) == y).sum().asscalar()
            n += y.size
        test_acc = evaluate_accuracy(test_iter, net, ctx)
        # train_l_sum/n表示平均损失
        print('epoch %d, loss %.4f, train acc %.3f, test acc %.3f, '
              'time %.1f sec'
              % (epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc,
                 time.time() - start))
        history.append(EpochResult(epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc,
                                   time.time() - start))
    return history


class FashionMNIST(gdata.Dataset):
    """`gdata.vision.FashionMNIST` read offline: the same items, (uint8 (28, 28, 1), int32 label).

    The book's class checks its files by sha1 and downloads them when that fails;
    this one reads the files `chapter5.data` finds and checks by content.
    """

    def __init__(self, root=os.path.join('~', '.mxnet', 'datasets', 'fashion-mnist'), train=True):
        images, labels = read_fashion_mnist(root, train)
        self._data = nd.array(images, dtype=images.dtype)
        self._label = labels

    def __getitem__(self, idx):
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


# 读取数据
def load_data_fashion_mnist(batch_size, resize=None, root=os.path.join(
        '~', '.mxnet', 'datasets', 'fashion-mnist')):
    root = os.path.expanduser(root)  # 展开用户路径'~'
    transformer = []
    if resize:
        # 先通过Resize实例将图像高和宽扩大为224
        transformer += [gdata.vision.transforms.Resize(resize)]
    # 再调用ToTensor实例，并用Compose实例将两个变换串联
    transformer += [gdata.vision.transforms.ToTensor()]
    transformer = gdata.vision.transforms.Compose(transformer)
    # 离线读取（本项目的补充）：不下载，按内容检查文件
    mnist_train = FashionMNIST(root=root, train=True)
    mnist_test = FashionMNIST(root=root, train=False)
    # DataLoader实例允许使用多进程来加速数据读取，但不支持window系统
    num_workers = 0 if sys.platform.startswith('win32') else 4
    # transform_first函数将ToTensor的变换应用在每个数据样本（图像和标签）的第一个元素，即图像之上
    train_iter = gdata.DataLoader(
        mnist_train.transform_first(transformer), batch_size, shuffle=True,
        num_workers=num_workers)
    test_iter = gdata.DataLoader(
        mnist_test.transform_first(transformer), batch_size, shuffle=False,
        num_workers=num_workers)
    return train_iter, test_iter
