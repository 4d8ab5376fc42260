# %% [markdown]
# # 5.11 残差网络（ResNet）
#
# 在实践中，添加过多的层后训练误差往往不降反升。即使利用批量归一化带来的数值稳定性使训练深层模型更加容易，该问题仍然存在。为此提出了残差网络。设输入为 $\boldsymbol{x}$，希望学出的理想映射为 $f(\boldsymbol{x})$：普通的网络需要直接拟合出 $f(\boldsymbol{x})$，而残差块只需拟合出残差映射 $f(\boldsymbol{x}) - \boldsymbol{x}$。
#
# ## 5.11.1 残差块
#
# 残差块是ResNet的基础块，在残差块中，输入可通过跨层的数据线路更快地向前传播。
#
# 残差块里首先有2个有相同输出通道数的 $3 \times 3$ 卷积层。每个卷积层后接一个批量归一化层和ReLU激活函数。然后我们将输入跳过这两个卷积运算后直接加在最后的ReLU激活函数前。这样的设计要求两个卷积层的输出与输入形状一样，从而可以相加。如果想改变通道数，就需要引入一个额外的 $1 \times 1$ 卷积层来将输入变换成需要的形状后再做相加运算。
#
# 残差块可以设定输出通道数、是否使用额外的 $1 \times 1$ 卷积层来修改通道数以及卷积层的步幅。

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.resnet:Residual"}

# %% [markdown]
# 两种残差块的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：先是输入和输出形状相同的残差块 `Residual(3)`，输入直接加到输出上；再是用1x1卷积层改变通道数并把高和宽减半的 `Residual(6, use_1x1conv=True, strides=2)`。

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的块另起层名，不影响后面单元格打印的层名
    same_shape, halving = Residual(3), Residual(6, use_1x1conv=True, strides=2)
draw(same_shape, (1, 3, 6, 6))
draw(halving, (1, 3, 6, 6))

# %% [markdown]
# 输入和输出形状一致的情况：

# %%
names = mx.name.NameManager()  # 层名从 conv0 数起，与书一致
with names:
    blk = Residual(3)
blk.initialize()
X = nd.random.uniform(shape=(4, 3, 6, 6))
blk(X).shape

# %% [markdown]
# 增加输出通道数的同时减半输出的高和宽：

# %%
with names:
    blk = Residual(6, use_1x1conv=True, strides=2)
blk.initialize()
blk(X).shape

# %% [markdown]
# ## 5.11.2 ResNet模型
#
# ResNet模型在输出通道数为64、步幅为2的 $7 \times 7$ 卷积层后接步幅为2的 $3 \times 3$ 的最大池化层，并在每个卷积层后增加批量归一化层。
#
# 之后再接4个由残差块组成的模块，每个模块使用若干个同样输出通道数的残差块。第一个模块的通道数同输入通道数一致。之后的每个模块在第一个残差块里将上一个模块的通道数翻倍，并将高和宽减半。`num_residuals` 为残差块数。

# %% {"code": "chapter5.resnet:resnet_block"}

# %% [markdown]
# 每个模块使用2个残差块。最后，加入全局平均池化层后接上全连接层输出。加上最开始的卷积层和最后的全连接层，共18层，通常称为ResNet-18。笔记在顶层构造 `net`；本项目把同样的代码放进函数 `resnet18()`：

# %% {"code": "chapter5.resnet:resnet18"}

# %% [markdown]
# 观察输入形状在ResNet不同模块之间的变化（层名接着上面两个残差块的演示计数，与书一致）：

# %%
with names:
    net = resnet18()
X = nd.random.uniform(shape=(1, 1, 224, 224))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 5.11.3 获取数据和训练模型
#
# 书中的配方：输入 $96 \times 96$，批量大小256，学习率0.05，5个迭代周期（书中在GPU上得到 test acc 0.913）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练39.4张图像（docs/benchmarks.md），这个配方要两个多小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce resnet18 --profile book`，走更快的引擎，存于 `results/book/resnet18/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（输入96x96，5个迭代周期）：按本机测得的每秒39.4张图像，约两个多小时"}
lr, num_epochs, batch_size, ctx = 0.05, 5, 256, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=96)
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('resnet18')

# %% [markdown]
# 上面第1和第3个迭代周期用了1,834秒和1,418秒，其余三个为739-803秒：那两个迭代周期训练时，同一台机器上还有一个调试会话在运行（训练没有暂停），慢的是机器，不是网络。

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/resnet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.11` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.11 --record` 的输出，存于 `results/exercises/5.11.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.11"}
