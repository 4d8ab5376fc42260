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
import chapter5  # 先于 mxnet 导入：这样 MXNet 才用上全部 CPU 核心（见 README 的 “Every core”）
import mxnet as mx
import numpy as np
from mxnet import gluon, init, nd

from chapter5.nbtools import plot_history, show_source
from chapter5.nin import nin, nin_block
from chapter5.utils import load_data_fashion_mnist, train_ch5, try_gpu

show_source(nin_block)

# %% [markdown]
# ## 5.8.2 NiN模型
#
# NiN使用卷积窗口形状分别为 $11 \times 11$、$5 \times 5$ 和 $3 \times 3$ 的卷积层，相应的输出通道数也与AlexNet中的一致。每个NiN块后接一个步幅为2、窗口形状为 $3 \times 3$ 的最大池化层。NiN去掉了AlexNet最后的3个全连接层，取而代之地使用了输出通道数等于标签类别数（10）的NiN块，然后使用全局平均池化层对每个通道中所有元素求平均并直接用于分类。全局平均池化层将窗口形状自动设置成输入的高和宽，可以显著减小模型参数尺寸，从而缓解过拟合；但有时会造成获得有效模型的训练时间的增加。最后用 `Flatten` 将四维的输出转成二维的输出，其形状为（批量大小，10）。

# %%
show_source(nin)

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
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.1，5个迭代周期（书中在GPU上得到 test acc 0.812）。在本机的2核CPU上这需要数小时，因此下面默认运行一个CPU规模的演示（只训练一个迭代周期，用时十几秒，远达不到书中的准确率，只为看到代码跑通）：输入 $96 \times 96$，只用训练集的前 `num_train` 个样本和测试集的前 `num_test` 个样本。把 `FULL_RECIPE` 改为 `True` 即运行书中的完整配方（命令行 `chapter5 train nin` 也一样）。

# %% {"training": {"band": 0.02}}
FULL_RECIPE = False
lr, num_epochs, batch_size, ctx = 0.1, 5, 128, try_gpu()
if FULL_RECIPE:
    resize, num_train, num_test = 224, None, None
else:
    resize, num_train, num_test, num_epochs = 96, 1280, 500, 1
    mx.random.seed(0)  # 固定随机种子（初始化、丢弃法），这个CPU规模的演示每次得到相同的数字
    np.random.seed(0)  # DataLoader 用 numpy 打乱训练集
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize,
                                                num_train=num_train, num_test=num_test)
history = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
plot_history(history, 'NiN');

# %% [markdown]

# % [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.nin` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.8` 打印同样的答案。需要训练或计时的答案在 `QUICK = True` 时只运行几秒钟的小规模版本（数字只为看到代码跑通）；改为 `False` 即运行完整版本（要几分钟到几十分钟），其结果记录在 README 中。

# %%
from chapter5.exercises import nin as ex

QUICK = True

# %%
from chapter5.exercises.nin import train_nin

show_source(train_nin)

# %% [markdown]
# **练习 1**：调节超参数，提高分类准确率。

# %% {"measured": true}
print(ex.answer_tune(quick=QUICK))

# %% [markdown]
# **练习 2**：为什么NiN块里要有两个 $1 \times 1$ 卷积层？去除其中的一个，观察并分析实验现象。

# %% {"measured": true}
print(ex.answer_one_1x1(quick=QUICK))
