# %% [markdown]
# # 5.10 批量归一化
#
# 对于深层神经网络来说，即使输入数据已做标准化，训练中模型参数的更新依然很容易造成靠近输出层输出的剧烈变化。
#
# 批量归一化的提出正是为了应对深度模型训练的挑战。在模型训练时，批量归一化利用小批量上的均值和标准差，不断调整神经网络中间输出，从而使整个神经网络在各层的中间输出的数值更稳定。
#
# ## 5.10.1 批量归一化层
#
# **对全连接层做批量归一化**
#
# 对全连接层的批量归一化置于全连接层的仿射变换和激活函数之间。设全连接层的输入为 $\boldsymbol{u}$，权重参数和偏差参数分别为 $\boldsymbol{W}$ 和 $\boldsymbol{b}$，激活函数为 $\phi$，则输出为
#
# $$
# \phi(\text{BN}(\boldsymbol{x})),
# $$
#
# 其中批量归一化输入 $\boldsymbol{x}$ 由仿射变换得到
#
# $$
# \boldsymbol{x} = \boldsymbol{W}\boldsymbol{u} + \boldsymbol{b}.
# $$
#
# 对小批量 $\mathcal{B} = \{\boldsymbol{x}^{(1)}, \ldots, \boldsymbol{x}^{(m)}\}$，
#
# $$
# \boldsymbol{\mu}_\mathcal{B} \leftarrow \frac{1}{m}\sum_{i=1}^m \boldsymbol{x}^{(i)},\quad
# \boldsymbol{\sigma}_\mathcal{B}^2 \leftarrow \frac{1}{m} \sum_{i=1}^m (\boldsymbol{x}^{(i)} - \boldsymbol{\mu}_\mathcal{B})^2,\quad
# \hat{\boldsymbol{x}}^{(i)} \leftarrow \frac{\boldsymbol{x}^{(i)} - \boldsymbol{\mu}_\mathcal{B}}{\sqrt{\boldsymbol{\sigma}_\mathcal{B}^2 + \epsilon}},\quad
# \boldsymbol{y}^{(i)} \leftarrow \boldsymbol{\gamma} \odot \hat{\boldsymbol{x}}^{(i)} + \boldsymbol{\beta}.
# $$
#
# **对卷积层做批量归一化**
#
# 对卷积层来说，批量归一化发生在卷积计算之后、应用激活函数之前。如果卷积计算输出多个通道，我们需要对这些通道的输出分别做批量归一化，且每个通道都拥有独立的拉伸和偏移参数，并均为标量。
#
# **预测时的批量归一化**
#
# 在预测阶段有可能只需要预测一个或很少的样本，没有像训练样本中那么多的数据，此时用小批量算出的均值和方差是不准确的。因此训练时用移动平均估计整个训练数据集的样本均值和方差，预测时使用它们。其中 momentum 按经验可取0.9（这是MXNet的约定）：
#
# $$
# \text{moving\_mean} \leftarrow \text{momentum} \times \text{moving\_mean} + (1.0 - \text{momentum}) \times \text{mean}.
# $$
#
# ## 5.10.2 从零开始实现
#
# 通过 `autograd` 来判断当前模式是训练模式还是预测模式。使用全连接层时，计算特征维上的均值和方差；使用二维卷积层时，计算通道维上（`axis=1`）的均值和方差，并保持 `X` 的形状以便后面可以做广播运算。（本项目对既不是2维也不是4维的输入报错。）

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

# %% {"code": "chapter5.batch_norm:batch_norm"}

# %% [markdown]
# `BatchNorm` 层：参与求梯度和迭代的拉伸和偏移参数，分别初始化成1和0；不参与求梯度和迭代的变量 `moving_mean` 和 `moving_var` 全在内存上初始化成0。如果 `X` 不在内存上，将它们复制到 `X` 所在的显存上。卷积层的 `num_dims=4`，全连接层的 `num_dims=2`。（笔记在定义 `BatchNorm` 类之前就用它构造网络；这里先定义，再构造。）

# %% {"code": "chapter5.batch_norm:BatchNorm"}

# %% [markdown]
# **使用批量归一化层的LeNet**：在所有的卷积层或全连接层之后、激活层之前加入批量归一化层。

# %% {"code": "chapter5.batch_norm:lenet_bn_scratch"}

# %%
with mx.name.NameManager():
    net = lenet_bn_scratch()
X = nd.random.uniform(shape=(1, 1, 28, 28))
net.initialize()
for layer in net:
    X = layer(X)
    print(layer.name, 'output shape:\t', X.shape)

# %% [markdown]
# 书中的配方：学习率1.0（比LeNet的0.9更大），批量大小256，5个迭代周期。这个从零开始的版本在CPU上较慢（每个迭代周期约一分钟：MXNet在CPU上大部分时间花在广播运算的反向传播上），完整运行约5分钟。

# %% {"training": {"check_epochs": 1}}
import numpy as np

mx.random.seed(0)  # 固定随机种子（本项目所加）：初始化和打乱顺序每次相同，这个单元格每次得到相同的数字
np.random.seed(0)  # DataLoader 用 numpy 打乱训练集
lr, num_epochs, batch_size, ctx = 1.0, 5, 256, d2l.try_gpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size)
history = d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %% [markdown]
# 书中记录的第5个迭代周期：loss 0.3051, train acc 0.890, test acc 0.870。

# %%
from chapter5.nbtools import plot_history

plot_history(history, 'LeNet + BatchNorm from scratch');

# %% [markdown]
# 第一个批量归一化层学习到的拉伸参数 `gamma` 和偏移参数 `beta`：

# %%
gamma, beta = net[1].gamma.data().reshape((-1,)), net[1].beta.data().reshape((-1,))
print(gamma.shape, beta.shape)

# %% [markdown]
# ## 5.10.3 简洁实现
#
# Gluon中 `nn` 模块定义的 `BatchNorm` 类提供了批量归一化的功能，且 `BatchNorm` 类中所需的 `num_features` 和 `num_dims` 参数值可通过延后初始化自动获取。

# %% {"code": "chapter5.batch_norm:lenet_bn"}

# %% {"training": {"check_epochs": 1}}
mx.random.seed(0)
np.random.seed(0)
net = lenet_bn()
net.initialize(ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
history = d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)

# %% [markdown]
# 书中记录的第5个迭代周期：loss 0.3071, train acc 0.889, test acc 0.881。

# %%
plot_history(history, 'LeNet + nn.BatchNorm');

# %% [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.batch_norm` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.10` 打印同样的答案。需要训练或长时间测量的答案，先显示本项目在本机记录的完整答案（`chapter5 exercises 5.10 --record` 的输出，存于 `results/exercises/5.10.md`，注明日期、机器和commit）；紧接着的单元格是重跑它的代码，要几分钟到几十分钟，生成和检查笔记本时不运行，想重跑就自己运行它。

# %%
from chapter5.exercises import batch_norm as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格
from chapter5.exercises import recorded

# %% {"code": "chapter5.exercises.batch_norm:bias_before_batch_norm,frozen_scale_and_shift"}

# %% [markdown]
# **练习 1**：能否将批量归一化前的全连接层或卷积层中的偏差参数去掉？为什么？（提示：回忆批量归一化中标准化的定义。）

# %% {"measured": true}
show(ex.answer_bias())

# %% [markdown]
# **练习 2**：尝试调大学习率。同“卷积神经网络（LeNet）”一节中未使用批量归一化的LeNet相比，现在是不是可以使用更大的学习率？

# %%
show(recorded('5.10', 2))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_larger_lr())

# %% [markdown]
# **练习 3**：尝试将批量归一化层插入LeNet的其他地方，观察并分析结果的变化。

# %%
show(recorded('5.10', 3))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_placement())

# %% [markdown]
# **练习 4**：尝试一下不学习拉伸参数 `gamma` 和偏移参数 `beta`（构造的时候加入参数 `grad_req='null'` 来避免计算梯度），观察并分析结果。

# %%
show(recorded('5.10', 4))  # 记录的完整答案

# %% {"long": "the full answer: minutes of training or measuring"}
show(ex.answer_frozen())

# %% [markdown]
# **练习 5**：查看 `BatchNorm` 类的文档来了解更多使用方法，例如，如何在训练时使用基于全局平均的均值和方差。

# %% {"measured": true}
show(ex.answer_global_stats())
