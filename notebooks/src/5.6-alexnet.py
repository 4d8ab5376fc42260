# %% [markdown]
# # 5.6 深度卷积神经网络（AlexNet）
#
# ## 5.6.2 AlexNet
#
# **AlexNet与LeNet**
#
# 1. 与相对较小的LeNet相比，AlexNet包含8层变换，其中有5层卷积和2层全连接隐藏层，以及1个全连接输出层。
# 2. AlexNet将sigmoid激活函数改成了更加简单的ReLU激活函数。
# 3. AlexNet通过丢弃法来控制全连接层的模型复杂度。而LeNet并没有使用丢弃法。
# 4. AlexNet引入了大量的图像增广，如翻转、裁剪和颜色变化，从而进一步扩大数据集来缓解过拟合。
#
# 使用较大的 $11 \times 11$ 窗口来捕获物体，同时使用步幅4来较大幅度减小输出高和宽；这里使用的输出通道数比LeNet中的也要大很多。之后减小卷积窗口，使用填充为2来使得输入与输出的高和宽一致，且增大输出通道数。连续3个卷积层使用更小的卷积窗口；除了最后的卷积层外，进一步增大了输出通道数；前两个卷积层后不使用池化层来减小输入的高和宽。全连接层的输出个数是LeNet中的大数倍，使用丢弃层来缓解过拟合。由于这里使用Fashion-MNIST，所以输出层的类别数为10，而非论文中的1000。

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import data as gdata, nn
import os
import sys

from chapter5.data import read_fashion_mnist  # 离线读取Fashion-MNIST（本项目的补充）

# %% [markdown]
# 笔记在顶层构造 `net`；本项目把同样的代码放进函数 `alexnet()`，命令行和测试可以按名字构造它：

# %% {"code": "chapter5.alexnet:alexnet"}

# %% [markdown]
# 笔记中AlexNet的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的网络另起层名，不影响后面单元格打印的层名
    figure_net = alexnet()
draw(figure_net, (1, 1, 224, 224))

# %%
with mx.name.NameManager():  # 层名从 conv0 数起，与笔记一致
    net = alexnet()
X = nd.random.uniform(shape=(1, 1, 224, 224))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 读取数据
#
# `load_data_fashion_mnist` 先通过 `Resize` 实例将图像高和宽扩大为224，再调用 `ToTensor` 实例，并用 `Compose` 实例将两个变换串联。`transform_first` 函数将变换应用在每个数据样本（图像和标签）的第一个元素，即图像之上。`DataLoader` 实例允许使用多进程来加速数据读取（Windows上不用）。如出现“out of memory”的报错信息，可减小 `batch_size` 或 `resize`。书中用MXNet的 `gdata.vision.FashionMNIST` 读取数据，它按sha1检查文件、检查不通过就下载；本项目的 `FashionMNIST` 离线读取同样的数据，按内容检查文件，从不下载。

# %% {"code": "chapter5.utils:FashionMNIST,load_data_fashion_mnist"}

# %% [markdown]
# ## 训练
#
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.01，5个迭代周期（书中在GPU上得到 test acc 0.867）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练17.6张图像（docs/benchmarks.md），这个配方要约五个小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce alexnet --profile book`，走更快的引擎，存于 `results/book/alexnet/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（输入224x224，5个迭代周期）：按本机测得的每秒17.6张图像，约五小时"}
batch_size = 128
# 如出现“out of memory”的报错信息，可减小batch_size或resize
train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=224)
lr, num_epochs, ctx = 0.01, 5, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('alexnet')

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/alexnet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.6` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.6 --record` 的输出，存于 `results/exercises/5.6.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.6"}
