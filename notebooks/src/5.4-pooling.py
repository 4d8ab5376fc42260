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
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/pooling.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.4` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.4 --record` 的输出，存于 `results/exercises/5.4.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.4"}
