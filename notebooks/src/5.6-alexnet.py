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
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.01，5个迭代周期（书中在GPU上得到 test acc 0.867）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练17.6张图像（docs/benchmarks.md），这个配方要约五个小时，所以下面这个单元格在生成和检查笔记本时不运行：想看它训练，就自己运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce alexnet --profile book`，走更快的引擎，存于 `results/book/alexnet/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "AlexNet at 224x224, 5 epochs: about five hours on this 2-core CPU"}
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
# 每个练习的答案都是 `chapter5.exercises.alexnet` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.6` 打印同样的答案。需要训练或长时间测量的答案，先显示本项目在本机记录的完整答案（`chapter5 exercises 5.6 --record` 的输出，存于 `results/exercises/5.6.md`，注明日期、机器和commit）；紧接着的单元格是重跑它的代码，要几分钟到几十分钟，生成和检查笔记本时不运行，想重跑就自己运行它。

# %%
from chapter5.exercises import alexnet as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格
from chapter5.exercises import recorded

# %% {"code": "chapter5.exercises.alexnet:small_alexnet"}

# %% [markdown]
# **练习 1**：尝试增加迭代周期。跟LeNet的结果相比，AlexNet的结果有什么区别？为什么？

# %%
show(recorded('5.6', 1))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_more_epochs())

# %% [markdown]
# **练习 2**：AlexNet对Fashion-MNIST数据集来说可能过于复杂。试着简化模型来使训练更快，同时保证准确率不明显下降。

# %%
show(recorded('5.6', 2))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_simplify())

# %% [markdown]
# **练习 3**：修改批量大小，观察准确率和内存或显存的变化。

# %%
show(recorded('5.6', 3))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_batch_size())
