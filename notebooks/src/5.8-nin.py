# %% [markdown]
# # 5.8 网络中的网络（NiN）
#
# 前几节网络的共同之处是：先以由卷积层构成的模块充分抽取空间特征，再以由全连接层构成的模块来输出分类结果。而NiN则是串联多个由卷积层和“全连接”层构成的小网络来构建一个深层网络。（笔记里写作“MiN”。）
#
# ## 5.8.1 NiN块
#
# 卷积层的输入和输出是四维数组（样本，通道，高，宽），全连接层的输入和输出是二维数组（样本，特征）。如果想在全连接层后再接上卷积层，则需要将全连接层的输出变换为四维。而 $1 \times 1$ 卷积层可看成全连接层：空间维度（高和宽）上的每个元素相当于样本，通道相当于特征。
#
# NiN块由一个卷积层加两个充当全连接层的 $1 \times 1$ 卷积层串联而成。第一个卷积层的超参数可以自行设置，而第二和第三个卷积层的超参数一般是固定的。

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.nin:nin_block"}

# %% [markdown]
# NiN的第一个NiN块（11x11卷积层，步幅4，96个通道，再接两个1x1卷积层）的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的块另起层名，不影响后面单元格打印的层名
    figure_net = nin_block(96, kernel_size=11, strides=4, padding=0)
draw(figure_net, (1, 1, 224, 224))

# %% [markdown]
# ## 5.8.2 NiN模型
#
# NiN使用卷积窗口形状分别为 $11 \times 11$、$5 \times 5$ 和 $3 \times 3$ 的卷积层，相应的输出通道数也与AlexNet中的一致。每个NiN块后接一个步幅为2、窗口形状为 $3 \times 3$ 的最大池化层。NiN去掉了AlexNet最后的3个全连接层，取而代之地使用了输出通道数等于标签类别数（10）的NiN块，然后使用全局平均池化层对每个通道中所有元素求平均并直接用于分类。全局平均池化层将窗口形状自动设置成输入的高和宽，可以显著减小模型参数尺寸，从而缓解过拟合；但有时会造成获得有效模型的训练时间的增加。最后用 `Flatten` 将四维的输出转成二维的输出，其形状为（批量大小，10）。笔记在顶层构造 `net`；本项目把同样的代码放进函数 `nin()`：

# %% {"code": "chapter5.nin:nin"}

# %% [markdown]
# 外层的 `Sequential` 在各个NiN块之前创建，所以它是 `sequential0`，NiN块从 `sequential1` 数起：

# %%
with mx.name.NameManager():
    net = nin()
X = nd.random.uniform(shape=(1, 1, 224, 224))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 5.8.3 获取数据和训练模型
#
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.812）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练17.3张图像（docs/benchmarks.md），这个配方要约五个小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce nin --profile book`，走更快的引擎，存于 `results/book/nin/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（输入224x224，5个迭代周期）：按本机测得的每秒17.3张图像，约五小时"}
lr, num_epochs, batch_size, ctx = 0.1, 5, 128, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=224)
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx,
              num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('nin')

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/nin.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.8` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.8 --record` 的输出，存于 `results/exercises/5.8.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.8"}
