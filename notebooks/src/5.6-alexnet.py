# %% [markdown]
# # 5.6 深度卷积神经网络（AlexNet）
#
# ## 5.6.2 AlexNet
#
# **AlexNet与LeNet**
#
# 1. 与相对较小的LeNet相比，AlexNet包含8层变换，其中有5层卷积和2层全连接隐藏层，以及1个全连接输出层。
# 2. AlexNet将sigmoid激活函数改成了更加简单的ReLU激活函数。
# 3. AlexNet通过丢弃法来控制全连接层的模型复杂度。而LeNet并没有使用丢弃法。
# 4. AlexNet引入了大量的图像增广，如翻转、裁剪和颜色变化，从而进一步扩大数据集来缓解过拟合。
#
# 使用较大的 $11 \times 11$ 窗口来捕获物体，同时使用步幅4来较大幅度减小输出高和宽；这里使用的输出通道数比LeNet中的也要大很多。之后减小卷积窗口，使用填充为2来使得输入与输出的高和宽一致，且增大输出通道数。连续3个卷积层使用更小的卷积窗口；除了最后的卷积层外，进一步增大了输出通道数；前两个卷积层后不使用池化层来减小输入的高和宽。全连接层的输出个数是LeNet中的大数倍，使用丢弃层来缓解过拟合。由于这里使用Fashion-MNIST，所以输出层的类别数为10，而非论文中的1000。

# %%
import chapter5  # 先于 mxnet 导入：这样 MXNet 才用上全部 CPU 核心（见 README 的 “Every core”）
import mxnet as mx
import numpy as np
from mxnet import gluon, init, nd

from chapter5.alexnet import alexnet
from chapter5.nbtools import plot_history, show_source
from chapter5.utils import load_data_fashion_mnist, train_ch5, try_gpu

show_source(alexnet)

# %%
with mx.name.NameManager():
    net = alexnet()
X = nd.random.uniform(shape=(1, 1, 224, 224))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# ## 读取数据
#
# `load_data_fashion_mnist` 先通过 `Resize` 实例将图像高和宽扩大为224，再调用 `ToTensor` 实例，并用 `Compose` 实例将两个变换串联。`transform_first` 函数将变换应用在每个数据样本（图像和标签）的第一个元素，即图像之上。`DataLoader` 实例允许使用多进程来加速数据读取（Windows上不用）。如出现“out of memory”的报错信息，可减小 `batch_size` 或 `resize`。

# %%
show_source(load_data_fashion_mnist)

# %% [markdown]
# ## 训练
#
# 书中的完整配方：输入 $224 \times 224$，批量大小128，学习率0.01，5个迭代周期（书中在GPU上得到 test acc 0.867）。在本机的2核CPU上，一个这样的迭代周期就要将近一个小时，因此下面默认运行一个CPU规模的演示（只训练一个迭代周期，用时十几秒，远达不到书中的准确率，只为看到代码跑通）：输入 $96 \times 96$，只用训练集的前 `num_train` 个样本和测试集的前 `num_test` 个样本。把 `FULL_RECIPE` 改为 `True` 即运行书中的完整配方（命令行 `chapter5 train alexnet` 也一样）。

# %% {"training": {"band": 0.02}}
FULL_RECIPE = False
lr, num_epochs, batch_size, ctx = 0.01, 5, 128, try_gpu()
if FULL_RECIPE:
    resize, num_train, num_test = 224, None, None
else:
    resize, num_train, num_test, num_epochs = 96, 1280, 500, 1
    mx.random.seed(0)  # 固定随机种子（初始化、丢弃法），这个CPU规模的演示每次得到相同的数字
    np.random.seed(0)  # DataLoader 用 numpy 打乱训练集
train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize,
                                                num_train=num_train, num_test=num_test)
net = alexnet()  # 全连接层的输入个数随输入的高和宽而定，所以为新的输入尺寸重新构造网络
net.initialize(ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
history = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %%
plot_history(history, 'AlexNet');

# %% [markdown]

# % [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.alexnet` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.6` 打印同样的答案。需要训练或计时的答案在 `QUICK = True` 时只运行几秒钟的小规模版本（数字只为看到代码跑通）；改为 `False` 即运行完整版本（要几分钟到几十分钟），其结果记录在 README 中。

# %%
from chapter5.exercises import alexnet as ex

QUICK = True

# %%
from chapter5.exercises.alexnet import small_alexnet

show_source(small_alexnet)

# %% [markdown]
# **练习 1**：尝试增加迭代周期。跟LeNet的结果相比，AlexNet的结果有什么区别？为什么？

# %% {"measured": true}
print(ex.answer_more_epochs(quick=QUICK))

# %% [markdown]
# **练习 2**：AlexNet对Fashion-MNIST数据集来说可能过于复杂。试着简化模型来使训练更快，同时保证准确率不明显下降。

# %% {"measured": true}
print(ex.answer_simplify(quick=QUICK))

# %% [markdown]
# **练习 3**：修改批量大小，观察准确率和内存或显存的变化。

# %% {"measured": true}
print(ex.answer_batch_size(quick=QUICK))
