# %% [markdown]
# # 5.7 使用重复元素的网络（VGG）
#
# VGG提出了可以通过重复使用简单的基础块来构建深度模型的思路。
#
# ## 5.7.1 VGG块
#
# 连续使用数个相同的填充为1、窗口形状为 $3 \times 3$ 的卷积层后接上一个步幅为2、窗口形状为 $2 \times 2$ 的最大池化层。卷积层保持输入的高和宽不变，而池化层则对其减半。`num_convs` 指定卷积层的数量，`num_channels` 指定输出通道数。（笔记把池化层放在了 `for` 循环里，每个卷积层后都池化一次；书中每个块只在循环之后池化一次，这里按书。）

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.vgg:vgg_block"}

# %% [markdown]
# 一个VGG块（两个3x3卷积层，128个通道，再接步幅为2的最大池化层）的结构图（本项目用MXNet的 `mx.viz.plot_network` 从网络本身画出：每个方框是一层，写着卷积核、步幅和输出通道数，箭头上是流过的数据形状：通道x高x宽）：

# %%
from chapter5.diagrams import draw

with mx.name.NameManager():  # 画图用的块另起层名，不影响后面单元格打印的层名
    figure_net = vgg_block(2, 128)
draw(figure_net, (1, 64, 56, 56))

# %% [markdown]
# ## 5.7.2 VGG网络
#
# VGG网络由卷积层模块后接全连接层模块构成。卷积层模块串联数个 `vgg_block`，超参数 `conv_arch` 指定了每个VGG块里卷积层个数和输出通道数。全连接模块则跟AlexNet中的一样。这里构造的是VGG-11：5个卷积块，前2块使用单卷积层，后3块使用双卷积层，共8个卷积层和3个全连接层。

# %% {"code": "chapter5.vgg:conv_arch,vgg"}

# %%
with mx.name.NameManager():  # 块名从 sequential1 数起，与书一致
    net = vgg(conv_arch)
net.initialize()
X = nd.random.uniform(shape=(1, 1, 224, 224))
for blk in net:
    X = blk(X)
    print(blk.name, 'output shape:\t', X.shape)

# %% [markdown]
# VGG这种高和宽减半以及通道翻倍的设计使得多数卷积层都有相同的模型参数尺寸和计算复杂度。
#
# ## 5.7.3 获取数据和训练模型
#
# 因为VGG-11计算上比AlexNet更加复杂，出于测试的目的我们构造一个通道数更小（或者说更窄）的网络。
#
# **地板除 `//`**：`//` 除法不管操作数为何种数值类型，总是会舍去小数部分，返回数字序列中比真正的商小的最接近的数字。（笔记中打印出来的是未除以4的 `conv_arch`；书中打印的是除以4之后的结果。）

# %% {"code": "chapter5.vgg:ratio,small_conv_arch"}
net = vgg(small_conv_arch)
print(small_conv_arch)

# %% [markdown]
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.05，5个迭代周期（书中在GPU上得到 test acc 0.909）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练18.8张图像（docs/benchmarks.md），这个配方要约五个小时，所以下面这个单元格以 `%%long` 开头：第一个代码单元格的 `RUN_LONG = False`（默认）时它不训练，只打印一行说明；想看它训练，把 `RUN_LONG` 改成 `True` 再运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce vgg11_small --profile book`，走更快的引擎，存于 `results/book/vgg11_small/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "书中的配方（通道数为四分之一的VGG-11，输入224x224，5个迭代周期）：按本机测得的每秒18.8张图像，约五小时"}
lr, num_epochs, batch_size, ctx = 0.05, 5, 128, d2l.try_gpu()
net.initialize(ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=224)
d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
from chapter5.nbtools import show_run

show_run('vgg11_small')

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/vgg.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.7` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.7 --record` 的输出，存于 `results/exercises/5.7.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.7"}
