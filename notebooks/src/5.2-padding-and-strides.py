# %% [markdown]
# # 5.2 填充和步幅
#
# 由上一节可总结出，假设输入形状是 $n_h \times n_w$，卷积核窗口形状是 $k_h \times k_w$，那么输出形状将会是
#
# $$
# (n_h - k_h + 1) \times (n_w - k_w + 1).
# $$
#
# ## 5.2.1 填充
#
# 填充（padding）是指在输入高和宽的两侧填充元素（通常是0元素）。如果在高的两侧一共填充 $p_h$ 行，在宽的两侧一共填充 $p_w$ 列，那么输出形状将会是
#
# $$
# (n_h - k_h + p_h + 1) \times (n_w - k_w + p_w + 1).
# $$
#
# 定义一个函数来计算卷积层。它初始化卷积层权重，并对输入和输出做相应的升维和降维：

# %%
from mxnet import nd
from mxnet.gluon import nn

# %% {"code": "chapter5.padding_and_strides:comp_conv2d"}

# %% [markdown]
# 通道数为1，核数组行列为3，输入行列两侧各填充1：

# %%
conv2d = nn.Conv2D(1, kernel_size=3, padding=(1, 1))
X = nd.random.uniform(shape=(8, 8))
comp_conv2d(conv2d, X).shape

# %% [markdown]
# 当卷积核的高和宽不同时，可以设置高和宽上不同的填充数使输出和输入具有相同的高和宽（书中的例子）：

# %%
conv2d = nn.Conv2D(1, kernel_size=(5, 3), padding=(2, 1))
comp_conv2d(conv2d, X).shape

# %% [markdown]
# ## 5.2.2 步幅
#
# 卷积窗口从输入数组的最左上方开始，按从左往右、从上往下的顺序，依次在输入数组上滑动。我们将每次滑动的行数和列数称为步幅（stride）。
#
# 当高上步幅为 $s_h$，宽上步幅为 $s_w$ 时，输出形状为
#
# $$
# \lfloor (n_h - k_h + p_h + s_h) / s_h \rfloor \times \lfloor (n_w - k_w + p_w + s_w) / s_w \rfloor.
# $$
#
# 令高和宽上的步幅均为2，从而使输入的高和宽减半：

# %%
conv2d = nn.Conv2D(1, kernel_size=3, padding=1, strides=2)
comp_conv2d(conv2d, X).shape

# %% [markdown]
# 一个稍微复杂的例子（书中的例子）：

# %%
conv2d = nn.Conv2D(1, kernel_size=(3, 5), padding=(0, 1), strides=(3, 4))
comp_conv2d(conv2d, X).shape

# %% [markdown]
# ## 练习
#
# 下面是本节练习的全部实验代码，由 `chapter5/exercises/padding_and_strides.py` 生成，与模块逐字相同（有测试检查）：先是导入，再是答案用到的共用函数和判定规则，然后是本节的网络、预算和每个答案 `answer_*`。答案单元格调用的是笔记本里的这些定义：改动一个定义并运行它的单元格，再运行答案单元格，答案就跟着变。命令行 `chapter5 exercises 5.2` 打印同样的答案。
#
# 需要训练的答案各有三个单元格：本机记录的完整答案（`chapter5 exercises 5.2 --record` 的输出，存于 `results/exercises/5.2.md`，注明日期、CPU和commit）；小预算的运行（几秒钟，只说明代码能跑，数字不说明任何问题）；以 `%%long` 开头的完整答案，第一个代码单元格的 `RUN_LONG = True` 时才训练。比较几种做法的答案用同一条判定规则：每组至少3个随机种子，每次都学会了（测试准确率不低于0.70）才参与比较，均值之差大于较大标准差的两倍才说谁领先。

# %% {"exercises": "5.2"}
