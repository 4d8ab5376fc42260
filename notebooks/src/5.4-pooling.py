# %% [markdown]
# # 5.4 池化层
#
# 池化层的提出是为了缓解卷积层对位置的过度敏感性。
#
# ## 5.4.1 二维最大池化层和平均池化层
#
# 不同于卷积层计算输入和核的互相关性，池化层直接计算池化窗口内元素的最大值或者平均值。
#
# 在对实际图像进行边缘检测时，我们感兴趣的物体不会总出现在固定位置，这会导致同一个边缘对应的输出可能出现在卷积输出 `Y` 中的不同位置，进而对后面的模式识别造成不便。池化层可缓解卷积层对位置的过度敏感性。回到5.1节物体边缘检测的例子：将卷积层的输出作为 $2 \times 2$ 最大池化的输入，设该卷积层输入是 `X`、池化层输出为 `Y`。无论是 `X[i, j]` 和 `X[i, j+1]` 值不同，还是 `X[i, j+1]` 和 `X[i, j+2]` 不同，池化层输出均有 `Y[i, j] = 1`（笔记中写作4）。也就是说，使用 $2 \times 2$ 最大池化层时，只要卷积层识别的模式在高和宽上移动不超过一个元素，我们依然可以将它检测出来。
#
# 池化层的前向计算（本项目对未知的 `mode` 和放不下的窗口报错，而不是静默地返回0）：

# %%
from mxnet import nd
from mxnet.gluon import nn

# %% {"code": "chapter5.pooling:pool2d"}

# %%
X = nd.array([[0, 1, 2], [3, 4, 5], [6, 7, 8]])
pool2d(X, (2, 2))

# %%
pool2d(X, (2, 2), 'avg')

# %% [markdown]
# 池化窗口形状为 $2 \times 2$ 的最大池化：每个输出元素是输入中对应窗口（图中的方框）里的最大值。

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
from matplotlib_inline.backend_inline import set_matplotlib_formats

set_matplotlib_formats('png')
Y = pool2d(X, (2, 2))
fig, axes = plt.subplots(1, 4, figsize=(12, 3))
colors = ['tab:red', 'tab:blue', 'tab:green', 'tab:orange']
for k, (i, j) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):
    ax = axes[k]
    ax.imshow(X.asnumpy(), cmap='Greys', vmin=0, vmax=16)
    for (r, c), v in zip([(r, c) for r in range(3) for c in range(3)], X.asnumpy().ravel()):
        ax.text(c, r, '%d' % v, ha='center', va='center')
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 2, 2, fill=False, lw=3, color=colors[k]))
    ax.set_title('Y[%d, %d] = max = %d' % (i, j, Y[i, j].asscalar()))
    ax.set_xticks([])
    ax.set_yticks([])
plt.show()

# %% [markdown]
# ## 5.4.2 填充和步幅
#
# 同卷积层一样，池化层也可以在输入的高和宽两侧的填充并调整窗口的移动步幅来改变输出形状。

# %%
X = nd.arange(16).reshape((1, 1, 4, 4))
X

# %% [markdown]
# 使用形状为 $(3, 3)$ 的池化窗口，默认获得形状为 $(3, 3)$ 的步幅。（笔记中把变量命名为 `pool2d`，会覆盖上面的函数；这里命名为 `pool`。）

# %%
pool = nn.MaxPool2D(3)
pool(X)

# %% [markdown]
# 也可手动指定步幅和填充：

# %%
pool = nn.MaxPool2D(3, padding=1, strides=2)
pool(X)

# %%
pool = nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))
pool(X)

# %% [markdown]
# ## 5.4.3 多通道
#
# 在处理多通道输入数据时，池化层对每个输入通道分别池化，而不是像卷积层那样将各通道的输入按通道相加。因此池化层的输出通道数与输入通道数相等。

# %%
X = nd.concat(X, X + 1, dim=1)
X

# %%
pool = nn.MaxPool2D(3, padding=1, strides=2)
pool(X)

# %% [markdown]
# ## 练习
#
# 每个练习的答案都是 `chapter5.exercises.pooling` 里的代码：以练习原文为文档字符串的函数，返回答案和在本机算出或测得的数字；命令行 `chapter5 exercises 5.4` 打印同样的答案。

# %%
from chapter5.exercises import pooling as ex
from chapter5.nbtools import show  # 答案中的表格显示为表格

# %% {"code": "chapter5.exercises.pooling:pool_ops,min_pool2d"}

# %% [markdown]
# **练习 1**：分析池化层的计算复杂度。假设输入形状为 $c \times h \times w$，我们使用形状为 $p_h \times p_w$ 的池化窗口，而且使用 $(p_h, p_w)$ 填充和 $(s_h, s_w)$ 步幅。这个池化层的前向计算复杂度有多大？

# %%
show(ex.answer_cost())

# %% [markdown]
# **练习 2**：想一想，最大池化层和平均池化层在作用上可能有哪些区别？

# %%
show(ex.answer_max_avg())

# %% [markdown]
# **练习 3**：你觉得最小池化层这个想法有没有意义？

# %%
show(ex.answer_min())
