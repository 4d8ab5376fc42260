# %% [markdown]
# # 5.1 二维卷积层
#
# 二维卷积层有高和宽两个空间维度，常用来处理图像数据。
#
# ## 5.1.1 二维互相关运算
#
# 输入是一个高和宽均为3的二维数组，核数组（卷积核）的高和宽均为2。卷积窗口从输入数组的最左上方开始，按从左往右、从上往下的顺序依次在输入数组上滑动；在每个位置上，窗口中的输入子数组与核数组按元素相乘并求和，得到输出数组中相应位置的元素：
#
# $$
# 0 \times 0 + 1 \times 1 + 3 \times 2 + 4 \times 3 = 19,\\
# 1 \times 0 + 2 \times 1 + 4 \times 2 + 5 \times 3 = 25,\\
# 3 \times 0 + 4 \times 1 + 6 \times 2 + 7 \times 3 = 37,\\
# 4 \times 0 + 5 \times 1 + 7 \times 2 + 8 \times 3 = 43.
# $$
#
# 特征图：输出。
#
# 感受野：输入中阴影部分的四个元素是输出中阴影部分元素的感受野。
#
# 将输出与另一个形状为 $2 \times 2$ 的核数组做互相关运算，输出单个元素 $z$。$z$ 在输出上的感受野包括其全部四个元素，在输入上的感受野包括其中全部9个元素。所以我们可以通过更深的卷积神经网络使特征图中单个元素的感受野变得更加广阔，从而捕捉输入上更大尺寸的特征。
#
# 用 `corr2d` 函数实现上述过程（本项目在书的代码之外检查输入的形状）。下面的代码单元格就是 `chapter5/conv_layer.py` 里的代码，可以直接修改后重新运行：

# %% {"code": "chapter5.conv_layer:corr2d"}
from mxnet import autograd, nd
from mxnet.gluon import nn

# %%
X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
K = nd.array([[0, 1], [2, 3]])
corr2d(X, K)

# %% [markdown]
# ## 5.1.2 二维卷积层
#
# 二维卷积层将输入和卷积核做互相关运算，并加上一个标量偏差来得到输出。自定义的二维卷积层：

# %% {"code": "chapter5.conv_layer:Conv2D"}

# %% [markdown]
# ## 5.1.3 图像中物体边缘检测
#
# 构造一张 $6 \times 8$ 的图像，中间4列为黑（0），其余为白（1）。

# %%
X = nd.ones((6, 8))
X[:, 2:6] = 0
X

# %% [markdown]
# 构造一个高和宽分别为1和2的卷积核 `K`。当它与输入做互相关运算时，如果横向相邻元素相同，输出为0；否则输出为非0。

# %%
K = nd.array([[1, -1]])
Y = corr2d(X, K)
Y

# %% [markdown]
# 把图像和检测出的边缘画出来：从白到黑的边缘输出1，从黑到白的边缘输出-1。

# %%
import matplotlib.pyplot as plt
from matplotlib_inline.backend_inline import set_matplotlib_formats

set_matplotlib_formats('png')
fig, (ax_x, ax_y) = plt.subplots(1, 2, figsize=(8, 3))
ax_x.imshow(X.asnumpy(), cmap='gray', vmin=0, vmax=1)
ax_x.set_title('X: 6x8 image')
im = ax_y.imshow(Y.asnumpy(), cmap='coolwarm', vmin=-1, vmax=1)
ax_y.set_title('Y = corr2d(X, K), K = [[1, -1]]')
fig.colorbar(im, ax=ax_y)
plt.show()

# %% [markdown]
# ## 5.1.4 通过数据学习核数组
#
# 我们根据上一小节的输入 `X` 和输出 `Y` 来训练出核数组 `K`：

# %%
# 构造一个输出通道数为1，核数组形状是(1, 2)的
# 二维卷积层
conv2d = nn.Conv2D(1, kernel_size=(1, 2))
conv2d.initialize()
# 二维卷积层使用4维输入输出，格式为(样本, 通道, 高, 宽)，这里批量大小（批量中的样本数）和通
# 道数均为1
X = X.reshape((1, 1, 6, 8))
Y = Y.reshape((1, 1, 6, 7))
for i in range(10):
    with autograd.record():
        Y_hat = conv2d(X)
        l = (Y_hat - Y) ** 2
    l.backward()
    # 简单起见，这里忽略了偏差
    conv2d.weight.data()[:] -= 3e-2 * conv2d.weight.grad()
    if (i + 1) % 2 == 0:
        print('batch %d, loss %.3f' % (i + 1, l.sum().asscalar()))

# %%
conv2d.weight.data().reshape((1, 2))

# %% [markdown]
# 可以看到训练出来的核数组和上一小节的核数组 `[1, -1]` 很接近。（在新启动的内核中，权重在第一次前向计算时才用MXNet默认的随机状态初始化，因此得到的数字与书中完全相同。）
#
# ## 5.1.5 互相关运算和卷积运算
#
# 卷积运算：为了得到卷积运算的输出，我们只需将核数组左右翻转并上下翻转，再与输入数组做互相关运算。
#
# 卷积层无论使用互相关运算或卷积运算都不影响模型预测时的输出。
#
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.conv_layer` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.1` 打印同样的答案。

# %%
from chapter5.exercises import conv_layer as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格

# %% [markdown]
# 答案用到的几段代码（`chapter5/exercises/conv_layer.py`）：

# %%
import numpy as np

# %% {"code": "chapter5.exercises.conv_layer:im2col,corr2d_matmul,Conv2DConvolution"}

# %% [markdown]
# **练习 1**：构造一个输入图像 `X`，令它有水平方向的边缘。如何设计卷积核 `K` 来检测图像中水平边缘？如果是对角方向的边缘呢？

# %%
show(ex.answer_edges())

# %% [markdown]
# **练习 2**：试着对我们自己构造的 `Conv2D` 类进行自动求梯度，会有什么样的错误信息？在该类的 `forward` 函数里，将 `corr2d` 函数替换成 `nd.Convolution` 类使得自动求梯度变得可行。

# %% {"measured": true}
show(ex.answer_autograd())

# %% [markdown]
# **练习 3**：如何通过变化输入和核数组将互相关运算表示成一个矩阵乘法？

# %% {"measured": true}
show(ex.answer_matmul())

# %% [markdown]
# **练习 4**：如何构造一个全连接层来进行物体边缘检测？

# %% {"measured": true}
show(ex.answer_dense())
