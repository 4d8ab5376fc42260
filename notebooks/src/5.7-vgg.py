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
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.05，5个迭代周期（书中在GPU上得到 test acc 0.909）。在本机的2核CPU上，书中的 `train_ch5` 每秒约训练18.8张图像（docs/benchmarks.md），这个配方要约五个小时，所以下面这个单元格在生成和检查笔记本时不运行：想看它训练，就自己运行它。再下面是本项目在本机用同样的配方记录的完整运行（`chapter5 reproduce vgg11_small --profile book`，走更快的引擎，存于 `results/book/vgg11_small/`）：每个迭代周期的输出和曲线，注明日期、机器和随机种子。

# %% {"long": "VGG-11 with a quarter of the channels at 224x224, 5 epochs: about five hours on this 2-core CPU"}
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
# 每个练习的答案都是 `chapter5.exercises.vgg` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.7` 打印同样的答案。需要训练或长时间测量的答案，先显示本项目在本机记录的完整答案（`chapter5 exercises 5.7 --record` 的输出，存于 `results/exercises/5.7.md`，注明日期、机器和commit）；紧接着的单元格是重跑它的代码，要几分钟到几十分钟，生成和检查笔记本时不运行，想重跑就自己运行它。

# %%
from chapter5.exercises import vgg as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格
from chapter5.exercises import recorded

# %% {"code": "chapter5.exercises.vgg:layer_costs,vgg16"}

# %% [markdown]
# **练习 1**：与AlexNet相比，VGG通常计算慢很多，也需要更多的内存或显存。试分析原因。

# %%
show(ex.answer_why_slow())

# %% [markdown]
# **练习 2**：尝试将Fashion-MNIST中图像的高和宽由224改为96。这在实验中有哪些影响？

# %%
show(recorded('5.7', 2))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_96())

# %% [markdown]
# **练习 3**：参考VGG论文里的表1来构造VGG其他常用模型，如VGG-16和VGG-19。

# %%
show(ex.answer_vgg16_19())
