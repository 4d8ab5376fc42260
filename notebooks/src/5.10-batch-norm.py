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
# 书中的配方：学习率1.0（比LeNet的0.9更大），批量大小256，5个迭代周期。这个从零开始的版本在CPU上较慢（每个迭代周期约一分钟：MXNet在CPU上大部分时间花在广播运算的反向传播上），完整运行在本机约4-5分钟（下面每个迭代周期的输出有用时）。它是本节的主体，所以不受 `RUN_LONG` 开关控制，“运行全部”也会运行它。

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

plot_history(history, '从零实现批量归一化的LeNet');

# %% [markdown]
# 第一个批量归一化层学习到的拉伸参数 `gamma` 和偏移参数 `beta`（6个通道各一个）。它们的数值随随机种子、CPU和线程数而变，检查笔记本时只比较输出的形式，不比较数字：

# %% {"measured": true}
net[1].gamma.data().reshape((-1,)), net[1].beta.data().reshape((-1,))

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
plot_history(history, '使用nn.BatchNorm的LeNet');

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/batch_norm.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.10` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.10 --record` 的输出，存于 `results/exercises/5.10.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.10", "measured": ["answer_bias", "answer_global_stats"]}
