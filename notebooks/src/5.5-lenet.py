# %% [markdown]
# # 5.5 卷积神经网络（LeNet）
#
# 在“多层感知机的从零开始实现”一节里分类图片时，是先要将宽高28像素的图片转为长784的向量，这会导致存储开销过大，而且忽略了图像在空间上的结构。所以改用卷积神经网络来对图片进行分类。
#
# ## 5.5.1 LeNet模型
#
# LeNet分为卷积层块和全连接层块两个部分。
#
# **卷积层块**：卷积层块里的基本单位是卷积层后接最大池化层：卷积层用来识别图像里的空间模式，之后的最大池化层则用来降低卷积层对位置的敏感性。
#
# **全连接层块**：全连接层的输入形状将变成二维，其中第一维是小批量中的样本，第二维是每个样本变平后的向量表示，且向量长度为通道、高和宽的乘积。

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss, nn
import time
from collections import namedtuple  # 本项目的 train_ch5 用它返回每个迭代周期的结果

# %% [markdown]
# 笔记在顶层构造 `net`；本项目把同样的代码放进函数 `lenet()`，命令行和测试可以按名字构造它：

# %% {"code": "chapter5.lenet:lenet"}

# %% [markdown]
# 逐层进行前向计算来查看每个层的输出形状（在新的命名空间里构造网络，层名从 `conv0` 数起，与笔记一致）：

# %%
with mx.name.NameManager():
    net = lenet()
X = nd.random.uniform(shape=(1, 1, 28, 28))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 5.5.2 获取数据和训练模型
#
# 读取Fashion-MNIST（本项目从Debian的 `dataset-fashion-mnist` 包离线读取，按内容检查文件，从不下载）：

# %%
batch_size = 256
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size=batch_size)

# %% [markdown]
# 尝试使用GPU加速计算：`try_gpu` 在能在GPU上创建NDArray时返回 `gpu(0)`，否则返回 `cpu(0)`。计算准确率的 `evaluate_accuracy`：如果 `ctx` 代表GPU及相应的显存，将数据复制到显存上。

# %% {"code": "chapter5.utils:try_gpu,evaluate_accuracy"}

# %% [markdown]
# 训练函数 `train_ch5`：`train_l_sum / n` 表示平均损失。（书中的版本每个迭代周期打印一行；笔记在每个批量后打印 `y.size` 和 `n`，这里按书。本项目唯一的补充：返回每个迭代周期的结果 `EpochResult`，用来画图。）

# %% {"code": "chapter5.utils:EpochResult,train_ch5"}

# %% [markdown]
# 重新用Xavier随机初始化模型参数（非首次对模型初始化需要指定 `force_reinit` 为真），用小批量随机梯度下降（`'sgd'`）训练。书中的完整配方：学习率0.9，5个迭代周期。

# %% {"training": {"check_epochs": 3}}
import numpy as np

mx.random.seed(0)  # 固定随机种子（本项目所加）：初始化和打乱顺序每次相同，这个单元格每次得到相同的数字
np.random.seed(0)  # DataLoader 用 numpy 打乱训练集
ctx = try_gpu()
lr, num_epochs = 0.9, 5
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
history = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %% [markdown]
# 书中记录的第5个迭代周期：loss 0.6704, train acc 0.733, test acc 0.754。结果是随机的（初始化和打乱顺序），每次略有不同。

# %%
from chapter5.nbtools import plot_history

plot_history(history, 'LeNet, lr 0.9, batch 256');

# %% [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.lenet` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.5` 打印同样的答案。需要训练或长时间测量的答案，先显示本项目在本机记录的完整答案（`chapter5 exercises 5.5 --record` 的输出，存于 `results/exercises/5.5.md`，注明日期、机器和commit）；紧接着的单元格是重跑它的代码，要几分钟到几十分钟，生成和检查笔记本时不运行，想重跑就自己运行它。

# %%
from chapter5.exercises import lenet as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格
from chapter5.exercises import recorded

# %% {"code": "chapter5.exercises.lenet:better_lenet"}

# %% [markdown]
# **练习 1**：尝试基于LeNet构造更复杂的网络来提高分类准确率。例如，调整卷积窗口大小、输出通道数、激活函数和全连接层输出个数。在优化方面，可以尝试使用不同的学习率、初始化方法以及增加迭代周期。

# %%
show(recorded('5.5', 1))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_better_lenet())
