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
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.densenet:conv_block"}

# %% [markdown]
# 稠密块由多个 `conv_block` 组成，每块使用相同的输出通道数。但在前向计算时，我们将每块的输入和输出在通道维上连结。

# %% {"code": "chapter5.densenet:DenseBlock"}

# %% [markdown]
# 定义一个有2个输出通道数为10的卷积块。使用通道数为3的输入时，我们会得到通道数为 $3 + 2 \times 10 = 23$ 的输出。卷积块的通道数控制了输出通道数相对于输入通道数的增长，因此也被称为增长率（growth rate）。

# %%
names = mx.name.NameManager()  # 层名从 conv0 数起，与笔记一致
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

# %% {"code": "chapter5.densenet:transition_block"}

# %% [markdown]
# 一个稠密块（两个卷积块，每块输出10个通道）接一个过渡层（1x1卷积层把通道数减到10，再做步幅为2的平均池化）的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：每个卷积块的输出都在通道维上与输入连结。

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的块另起层名，不影响后面单元格打印的层名
    figure_net = nn.Sequential()
    figure_net.add(DenseBlock(2, 10), transition_block(10))
draw(figure_net, (1, 3, 8, 8))

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
# DenseNet首先使用同ResNet一样的单卷积层和最大池化层，之后再接4个稠密块。同ResNet一样，我们可以设置每个稠密块使用多少个卷积层，这里设成4。稠密块里的卷积层通道数（即增长率）设为32，所以每个稠密块将增加128个通道。在稠密块之间加入通道数减半的过渡层（地板除 `//` 即为向下取整除）。最后接上全局池化层和全连接层来输出。笔记在顶层构造 `net`；本项目把同样的代码放进函数 `densenet()`：

# %% {"code": "chapter5.densenet:densenet"}

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
# 书中的配方：输入 $96 \times 96$，批量大小256，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.879；那次运行用的是2019年1月的旧版网络，过渡层之前没有把通道数减半，见 README 的勘误）。在本机的2核CPU上这要一个多小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce densenet --profile book`，走更快的引擎，存于 `results/book/densenet/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（输入96x96，5个迭代周期）：本机约一个多小时"}
lr, num_epochs, batch_size, ctx = 0.1, 5, 256, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=96)
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('densenet')

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/densenet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.12` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.12 --record` 的输出，存于 `results/exercises/5.12.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.12"}
