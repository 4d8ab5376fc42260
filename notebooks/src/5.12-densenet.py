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
# ## 延伸：本章的积木在CPU上多快能到93%（本项目的补充，书中没有）
#
# 每一节的练习都在问怎样提高分类准确率（“调节超参数，提高分类准确率”）。按书中的配方，本机2核CPU上九个网络的测试准确率在0.75到0.91之间，大网络每个要训练半小时到两个多小时（上面 `show_run` 打印的记录）。`chapter5 speedrun` 回答另一个问题：只用本章的积木（卷积层、批量归一化、残差块、全局平均池化），加上今天常用的训练方法，在这台CPU上最快多久能让测试准确率到0.93？
#
# 规则是诚实的：配方只在训练集的验证部分（最后10000张）上挑选，测试集在每次运行的最后只读一次；时间从第一个批量算起，包括检查点和最后的测试；结果是至少5个随机种子的均值和标准差。挑选的经过、每个数字和它的机器写在 `docs/speedrun.md`。
#
# 下面的表把配方的每个选择对应到本章（或书中别处）的想法：
#
# | 选择 | 来自哪里 | 为什么这样选 |
# |---|---|---|
# | 输入保持 $28 \times 28$，不放大 | 5.7的练习：$96 \times 96$ 的输入每张图比 $224 \times 224$ 快4.5倍 | 卷积的计算量随高和宽的乘积增长；书中放大输入是为了套用ImageNet上的网络，不是因为Fashion-MNIST需要 |
# | 一个 $3 \times 3$ 卷积层，然后三段残差块（笔记自己的 `Residual` 和 `resnet_block`），每段之后高和宽减半 | 5.11（ResNet）；5.7（小卷积核，高宽减半时通道数加倍） | 通道数16、64、128：第一段在 $28 \times 28$ 上算，计算最多，16个通道比32个快1.6倍（实测）；第一版配方用32、64、128，差0.0003没到0.93 |
# | 每个卷积层后都有批量归一化 | 5.10 | 让较大的学习率从第一步起就能训练 |
# | 全局平均池化加一个全连接层 | 5.8（NiN） | 没有大的全连接层：参数少，算得快 |
# | 带动量0.9的小批量SGD，批量大小128 | 书中的SGD，加上动量 | 批量256在本机并不更快（实测） |
# | 学习率在前15%的步数里从0.02线性升到0.2，再按余弦降到0 | 本章没有 | 学习率降到0时，最后一个迭代周期的模型就是要报告的模型，正适合只读一次测试集 |
# | 权重衰减 $5 \times 10^{-4}$（偏差和批量归一化的参数不衰减） | 3.12（权重衰减） | |
# | 标签平滑0.1 | 本章没有 | 训练时把正确类别的目标概率从1降到0.91，其余类别各0.01 |
# | 随机裁剪（四周填充2个像素再裁出 $28 \times 28$）和水平翻转；测试时平均原图和它的镜像的输出 | 书中的图像增广一节（9.1） | 衣服、鞋和包大多左右对称 |
# | 11个迭代周期 | 在验证集上试跑挑出 | 按本机见过的最慢速度也能在10分钟内跑完 |
#
# 配方本身（`chapter5/speedrun/plans.py`）：

# %%
from chapter5.speedrun.plans import PLANS

PLANS[0.93]

# %% [markdown]
# 网络只用本章的积木搭成：5.11的 `resnet_block`（它又用5.11的 `Residual`）：

# %%
from chapter5.resnet import resnet_block

# %% {"code": "chapter5.speedrun.net:speedrun_net"}

# %% [markdown]
# 和书中每一节一样，看一看每一层的输出形状（输入是一张 $28 \times 28$ 的灰度图）：

# %%
plan = PLANS[0.93]
with mx.name.NameManager():
    net = speedrun_net(plan.widths, plan.blocks)
net.initialize(init.Xavier())
X = nd.random.uniform(shape=(1, 1, 28, 28))
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# 一次很小的运行（2个迭代周期、8000张训练图像，在2000张测试图像上测）：十几秒，只说明代码能跑、能学到东西，数字不说明配方的好坏。输出的格式和书中的 `train_ch5` 一样（每个迭代周期一行，但不读测试集），最后才读一次测试集：

# %% {"measured": true}
from chapter5.speedrun.run import speedrun

import os
import tempfile

summary = speedrun(0.93, os.path.join(tempfile.gettempdir(), 'chapter5-speedrun-small'), seed=0, epochs=2,
                   num_train=8000, num_test=2000, overwrite=True)

# %% [markdown]
# 完整的一次运行（和在项目目录下运行命令行 `chapter5 speedrun --seed 0` 一样，写进项目的 `runs/speedrun/seed-0/`，中断后再运行会续跑）。第一个代码单元格的 `RUN_LONG = True` 时才训练：

# %% {"long": "完整配方，本机约6.5分钟（AMD EPYC，AVX-512）"}
summary = speedrun(0.93, os.path.join('..', 'runs', 'speedrun', 'seed-0'), seed=0, resume=True)

# %% [markdown]
# 本项目在本机记录的运行（`results/speedrun/`，5个随机种子），以及消融实验（`results/speedrun-ablation/`）：每次只去掉配方中的一个选择，其余不变，每组3个随机种子，看它到底买到了什么。判定规则同练习：两组均值之差超过较大标准差的两倍才说去掉它有帮助或有害，否则说“这个预算分不出”。

# %%
from chapter5.nbtools import show, speedrun_tables

show(speedrun_tables(PLANS[0.93].model))

# %% [markdown]
# 消融告诉我们的（11个迭代周期、这个网络）：学习率调度和动量撑起了整个配方，去掉任何一个都到不了0.93。随机裁剪反而让准确率变低：去掉它，3个种子都比配方的5个种子高。最后一个迭代周期的训练准确率（在增广后的图像上）去掉裁剪时约0.964，有裁剪时约0.94：有裁剪时网络在11个迭代周期里对训练图像拟合得更少。说它“欠拟合、训练更久时裁剪才划算”只是对这两个数字的解读，没有测量过。标签平滑、权重衰减和翻转：这个预算分不出（差别在0.001到0.002之间，3个种子分不开）。
#
# 配方不因此改动：消融读的是测试集，看了它再改配方就等于用测试集挑选配方。想去掉裁剪（或者保留它而训练更久），应当先在验证集上试跑，就像下面0.945的配方那样。

# %% [markdown]
# 时间花在哪里？用MXNet自带的性能分析器（`python benchmarks/speedrun_profile.py`）看一个训练步（批量128，本机2核，AMD EPYC，AVX-512，2026-11-29）：卷积层的前向和反向计算占了77%到82%，批量归一化约6%到9%，其余很少。按特征图的大小数乘加次数，$28 \times 28$ 上的16个通道只占13%到15%，大部分在通道多的 $14 \times 14$ 和 $7 \times 7$ 上：卷积的计算量和高宽的乘积成正比，也和输入、输出通道数的乘积成正比。
#
# 同一个分析器还找到过一个意外：笔记中 `Residual` 用的 `nd.relu` 编译后是MXNet自己的 `relu` 算子，曾占训练步的四分之一；`Activation(act_type='relu')` 是同一个函数，却用oneDNN的实现，前向和反向快3到5倍。本项目的引擎在编译后的网络里换用后者（笔记的代码不变，输出和梯度逐位相同），训练步快了约1.27倍。上面记录的0.93的运行是换之前训练的。
#
# 目标0.945、60分钟的配方：同样的积木，每段两个残差块，30个迭代周期。它先在验证集上试跑了一次（验证准确率0.9533，30分钟），过了试跑之前就写下的门槛0.9514（目标加上验证集和测试集之间见过的差距，再加两倍标准差），然后才在测试集上跑（规则写在 `docs/speedrun.md`）：

# %%
PLANS[0.945]

# %% [markdown]
# 完整的一次运行（和命令行 `chapter5 speedrun --target 0.945 --seed 0` 一样）；`RUN_LONG = True` 时才训练：

# %% {"long": "完整配方，本机约半小时（AMD EPYC，AVX-512）"}
summary = speedrun(0.945, os.path.join('..', 'runs', 'speedrun', 'seed-0'), seed=0, resume=True)

# %% [markdown]
# 本项目在本机记录的测试集上的运行：

# %%
show(speedrun_tables(PLANS[0.945].model, ablation_too=False))

# %% [markdown]
# 下图是测试准确率随训练分钟数（对数刻度）的变化：灰色是速通的每个随机种子（每个迭代周期结束时的模型，结果写下之后才测，不参与任何选择），彩色虚线是本机记录的书中九个配方。

# %%
from IPython.display import Image

from chapter5.nbtools import RESULTS

Image(filename=os.path.join(RESULTS, 'speedrun', 'time-to-accuracy.png'))

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/densenet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.12` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.12 --record` 的输出，存于 `results/exercises/5.12.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.12"}
