# %% [markdown]
# # 5.12 稠密连接网络（DenseNet）
#
# 与ResNet的主要区别在于，DenseNet里模块B的输出不是像ResNet那样和模块A的输出相加，而是在通道维上连结。
#
# DenseNet的主要构建模块是稠密块（dense block）和过渡层（transition layer）。前者定义了输入和输出是如何连结的，后者则用来控制通道数，使之不过大。
#
# ## 5.12.1 稠密块
#
# DenseNet使用了ResNet改良版的“批量归一化、激活和卷积”结构：

# %%
import chapter5  # 先于 mxnet 导入：这样 MXNet 才用上全部 CPU 核心（见 README 的 “Every core”）
import mxnet as mx
import numpy as np
from mxnet import gluon, init, nd

from chapter5.densenet import (DenseBlock, conv_block, densenet, growth_rate, num_channels,
                               num_convs_in_dense_blocks, transition_block)
from chapter5.nbtools import plot_history, show_source
from chapter5.utils import load_data_fashion_mnist, train_ch5, try_gpu

show_source(conv_block)

# %% [markdown]
# 稠密块由多个 `conv_block` 组成，每块使用相同的输出通道数。但在前向计算时，我们将每块的输入和输出在通道维上连结。

# %%
show_source(DenseBlock)

# %% [markdown]
# 定义一个有2个输出通道数为10的卷积块。使用通道数为3的输入时，我们会得到通道数为 $3 + 2 \times 10 = 23$ 的输出。卷积块的通道数控制了输出通道数相对于输入通道数的增长，因此也被称为增长率（growth rate）。

# %%
names = mx.name.NameManager()  # layer names counted as in a fresh run of the notes
with names:
    blk = DenseBlock(2, 10)
blk.initialize()
X = nd.random.uniform(shape=(4, 3, 8, 8))
Y = blk(X)
Y.shape

# %% [markdown]
# ## 5.12.2 过渡层
#
# 由于每个稠密块都会带来通道数的增加，使用过多则会带来过于复杂的模型。过渡层用来控制模型复杂度。它通过 $1 \times 1$ 卷积层来减小通道数，并使用步幅为2的平均池化层减半高和宽，从而进一步降低模型复杂度。

# %%
show_source(transition_block)

# %% [markdown]
# 对上一个例子中稠密块的输出使用通道数为10的过渡层。此时输出的通道数减为10，高和宽均减半。

# %%
with names:
    blk = transition_block(10)
blk.initialize()
blk(Y).shape

# %% [markdown]
# ## 5.12.3 DenseNet模型
#
# DenseNet首先使用同ResNet一样的单卷积层和最大池化层，之后再接4个稠密块。同ResNet一样，我们可以设置每个稠密块使用多少个卷积层，这里设成4。稠密块里的卷积层通道数（即增长率）设为32，所以每个稠密块将增加128个通道。在稠密块之间加入通道数减半的过渡层（地板除 `//` 即为向下取整除）。最后接上全局池化层和全连接层来输出。

# %%
num_channels, growth_rate, num_convs_in_dense_blocks

# %%
show_source(densenet)

# %%
with names:
    net = densenet()
X = nd.random.uniform(shape=(1, 1, 96, 96))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 5.12.4 获取数据和训练模型
#
# 书中的配方：输入 $96 \times 96$，批量大小256，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.879）。在本机的2核CPU上这需要一个多小时，因此下面默认运行一个CPU规模的演示（只训练一个迭代周期，用时十几秒，远达不到书中的准确率，只为看到代码跑通）：只用训练集的前 `num_train` 个样本和测试集的前 `num_test` 个样本。把 `FULL_RECIPE` 改为 `True` 即运行书中的完整配方（命令行 `chapter5 train densenet` 也一样）。

# %% {"training": {"band": 0.02}}
FULL_RECIPE = False
lr, num_epochs, batch_size, ctx = 0.1, 5, 256, try_gpu()
if FULL_RECIPE:
    resize, num_train, num_test = 96, None, None
else:
    resize, num_train, num_test, num_epochs = 96, 512, 500, 1
    mx.random.seed(0)  # 固定随机种子（初始化、丢弃法），这个CPU规模的演示每次得到相同的数字
    np.random.seed(0)  # DataLoader 用 numpy 打乱训练集
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize,
                                                num_train=num_train, num_test=num_test)
history = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
plot_history(history, 'DenseNet');

# %% [markdown]

# % [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.densenet` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.12` 打印同样的答案。需要训练或计时的答案在 `QUICK = True` 时只运行几秒钟的小规模版本（数字只为看到代码跑通）；改为 `False` 即运行完整版本（要几分钟到几十分钟），其结果记录在 README 中。

# %%
from chapter5.exercises import densenet as ex

QUICK = True

# %%
from chapter5.exercises.densenet import bottleneck_block, densenet_bc

show_source(bottleneck_block, densenet_bc)

# %% [markdown]
# **练习 1**：DenseNet论文中提到的一个优点是模型参数比ResNet的更小，这是为什么？

# %%
print(ex.answer_fewer_parameters())

# %% [markdown]
# **练习 2**：DenseNet被人诟病的一个问题是内存或显存消耗过多。真的会这样吗？可以把输入形状换成 $224 \times 224$，来看看实际的消耗。

# %% {"measured": true}
print(ex.answer_memory(quick=QUICK))

# %% [markdown]
# **练习 3**：实现DenseNet论文中的表1提出的不同版本的DenseNet。

# %%
print(ex.answer_depths())
