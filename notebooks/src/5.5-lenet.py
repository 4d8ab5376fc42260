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
# 笔记中LeNet的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的网络另起层名，不影响后面单元格打印的层名
    figure_net = lenet()
draw(figure_net, (1, 1, 28, 28))

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

plot_history(history, 'LeNet（学习率0.9，批量大小256）');

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/lenet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.5` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.5 --record` 的输出，存于 `results/exercises/5.5.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.5"}
