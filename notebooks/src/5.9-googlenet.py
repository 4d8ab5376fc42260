# %% [markdown]
# # 5.9 含并行连结的网络（GoogLeNet）
#
# ## 5.9.1 Inception 块
#
# GoogLeNet中的基础卷积块为Inception块。Inception块里有4条并行的线路：前3条线路使用窗口大小分别是 $1 \times 1$、$3 \times 3$ 和 $5 \times 5$ 的卷积层来抽取不同空间尺寸下的信息，其中中间2个线路会对输入先做 $1 \times 1$ 卷积来减少输入通道数，以降低模型复杂度；第4条线路则使用 $3 \times 3$ 最大池化层，后接 $1 \times 1$ 卷积层来改变通道数。4条线路都使用了合适的填充来使输入与输出的高和宽一致。最后我们将每条线路的输出在通道维上连结。
#
# Inception块中可以自定义的超参数是每个层的输出通道数（`c1` - `c4`），我们以此来控制模型复杂度。Inception块的通道数分配之比是在ImageNet数据集上通过大量的实验得来的。

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.googlenet:Inception"}

# %% [markdown]
# ## 5.9.2 GoogLeNet模型
#
# GoogLeNet跟VGG一样，在主体卷积部分中使用5个模块（block），每个模块之间使用步幅为2的 $3 \times 3$ 最大池化层来减小输出高宽。第一模块使用一个64通道的 $7 \times 7$ 卷积层；第二模块使用2个卷积层：首先是64通道的 $1 \times 1$ 卷积层，然后是将通道增大3倍的 $3 \times 3$ 卷积层。第三、四、五模块分别串联2、5、2个Inception块；第五模块后面紧跟输出层，使用全局平均池化层来将每个通道的高和宽变成1。最后将输出变成二维数组后接上一个输出个数为标签类别数的全连接层。笔记在顶层构造 `b1` 到 `b5` 和 `net`；本项目把同样的代码放进函数 `googlenet()`：

# %% {"code": "chapter5.googlenet:googlenet"}

# %% [markdown]
# GoogLeNet模型的计算复杂，而且不如VGG那样便于修改通道数。为了演示，把输入的高和宽从224降到96：

# %%
with mx.name.NameManager():
    net = googlenet()
X = nd.random.uniform(shape=(1, 1, 96, 96))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 5.9.3 获取数据和训练模型
#
# 书中的配方：输入 $96 \times 96$，批量大小128，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.883）。在本机的2核CPU上这要一个多小时，所以下面这个单元格在生成和检查笔记本时不运行：想看它训练，就自己运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce googlenet --profile book`，走更快的引擎，存于 `results/book/googlenet/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "GoogLeNet at 96x96, 5 epochs: over an hour on this 2-core CPU"}
lr, num_epochs, batch_size, ctx = 0.1, 5, 128, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=96)
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx,
              num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('googlenet')

# %% [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.googlenet` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.9` 打印同样的答案。需要训练或长时间测量的答案，先显示本项目在本机记录的完整答案（`chapter5 exercises 5.9 --record` 的输出，存于 `results/exercises/5.9.md`，注明日期、机器和commit）；紧接着的单元格是重跑它的代码，要几分钟到几十分钟，生成和检查笔记本时不运行，想重跑就自己运行它。

# %%
from chapter5.exercises import googlenet as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格
from chapter5.exercises import recorded

# %% [markdown]
# **练习 1**：GoogLeNet有数个后续版本。尝试实现并运用它们，然后观察实验结果。这些后续版本包括加入批量归一化层（下一节将介绍）、对Inception块做调整和加入残差连接（“残差网络（ResNet）”一节将介绍）。

# %%
show(recorded('5.9', 1))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_inception_bn())

# %% [markdown]
# **练习 2**：对比AlexNet、VGG和NiN、GoogLeNet的模型参数尺寸。为什么后两个网络可以显著减小模型参数尺寸？

# %%
show(ex.answer_parameters())
