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

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/conv_layer.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.1` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.1 --record` 的输出，存于 `results/exercises/5.1.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.1", "measured": ["answer_autograd", "answer_matmul", "answer_dense"]}
