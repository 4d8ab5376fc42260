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
# GoogLeNet第三个模块的第一个Inception块（`Inception(64, (96, 128), (16, 32), 32)`，输入192个通道）的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：四条线路并行，最后在通道维上连结。

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的块另起层名，不影响后面单元格打印的层名
    figure_net = Inception(64, (96, 128), (16, 32), 32)
draw(figure_net, (1, 192, 28, 28))

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
# 书中的配方：输入 $96 \times 96$，批量大小128，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.883；那次运行用的是旧版网络，第二个模块的两个卷积层后没有ReLU，见 README 的勘误）。在本机的2核CPU上这要一个多小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce googlenet --profile book`，走更快的引擎，存于 `results/book/googlenet/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（输入96x96，5个迭代周期）：本机约一个多小时"}
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
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/googlenet.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.9` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.9 --record` 的输出，存于 `results/exercises/5.9.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.9"}
