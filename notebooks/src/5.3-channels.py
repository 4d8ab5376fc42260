# %% [markdown]
# # 5.3 多输入通道和多输出通道
#
# 彩色图像除了在高和宽2个维度外还有RGB（红、绿、蓝）3个颜色通道，可表示为 $3 \times h \times w$ 的多维数组，其中大小为3的这一维称为通道（channel）维。
#
# ## 5.3.1 多输入通道
#
# 当输入数据含多个通道时，我们需要构造一个与输入数据的通道数相同的卷积核。当通道数 $c_i > 1$ 时，我们将会为每个输入通道各分配一个形状为 $k_h \times k_w$ 的核数组，把 $c_i$ 个互相关运算的二维输出按通道相加。
#
# 首先沿着 `X` 和 `K` 的第0维（通道维）遍历，然后使用 `*` 将结果列表变成 `add_n` 函数的位置参数（positional argument）来进行相加。（这里的 `corr2d` 是5.1节定义的那一个。）

# %%
import chapter5.utils as d2l  # 书中写作 import d2lzh as d2l：本项目的 chapter5.utils 就是本章用到的 d2lzh
from mxnet import nd

# %% {"code": "chapter5.channels:corr2d_multi_in"}

# %%
X = nd.array([[[0, 1, 2], [3, 4, 5], [6, 7, 8]],
              [[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
K = nd.array([[[0, 1], [2, 3]], [[1, 2], [3, 4]]])
corr2d_multi_in(X, K)

# %% [markdown]
# ## 5.3.2 多输出通道
#
# 如果希望得到含多个通道的输出，可以创建一个形状为 $c_o \times c_i \times k_h \times k_w$ 的卷积核，$c_i$ 为输入通道数，$c_o$ 为输出通道数。对 `K` 的第0维遍历，每次同输入 `X` 做互相关计算，所有结果使用 `stack` 函数合并在一起：

# %% {"code": "chapter5.channels:corr2d_multi_in_out"}

# %% [markdown]
# 将核数组 `K`、`K + 1` 和 `K + 2` 连结在一起，构造一个输出通道数为3的卷积核：

# %%
K = nd.stack(K, K + 1, K + 2)
K

# %%
corr2d_multi_in_out(X, K)

# %% [markdown]
# ## 5.3.3 $1 \times 1$ 卷积层
#
# $1 \times 1$ 卷积失去了卷积层可以识别高和宽维度上相邻元素构成的模式的功能。$1 \times 1$ 卷积核的互相关计算，其输入和输出具有相同的高和宽。假设我们将通道维当作特征维，将高和宽维度上的元素当成数据样本，那么 $1 \times 1$ 卷积层的作用与全连接层等价。

# %% {"code": "chapter5.channels:corr2d_multi_in_out_1x1"}

# %% [markdown]
# `1e-6` 表示 $1 \times 10^{-6}$。下面判断两种实现的结果之差的范数是否小于它：

# %%
X = nd.random.uniform(shape=(3, 3, 3))
K = nd.random.uniform(shape=(2, 3, 1, 1))
Y1 = corr2d_multi_in_out_1x1(X, K)
Y2 = corr2d_multi_in_out(X, K)
(Y1 - Y2).norm().asscalar() < 1e-6

# %% [markdown]
# $1 \times 1$ 卷积层被当作保持高和宽维度形状不变的全连接层使用。于是，我们可以通过调整网络层之间的通道数来控制模型复杂度。

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/channels.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.3` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.3 --record` 的输出，存于 `results/exercises/5.3.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.3", "measured": ["answer_y1_y2", "answer_matmul"]}
