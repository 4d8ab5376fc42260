"""5.5 卷积神经网络（LeNet） 练习：一个更好的LeNet，在本机按几个随机种子与书中的LeNet比较。"""
from mxnet.gluon import nn

from chapter5.exercises.common import SEEDS, finals, over_seeds, table
from chapter5.exercises.verdicts import RULE, pair, seed_rows
from chapter5.lenet import RECIPES, lenet

# 书中LeNet的训练设置（5.5节），以及更好的LeNet改了什么
LENET_RECIPE = dict(lr=0.9, num_epochs=5, batch_size=256)
BETTER_LENET_RECIPE = dict(lr=0.3, num_epochs=5, batch_size=256)
QUICK = dict(num_epochs=1, num_train=5120, num_test=1000)


def better_lenet():
    """LeNet的结构，把sigmoid换成ReLU，通道更多（16和32，而不是6和16），第一个卷积层填充2（保持28x28，
    就像LeCun的32x32输入那样）。"""
    net = nn.Sequential()
    net.add(nn.Conv2D(16, kernel_size=5, padding=2, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(32, kernel_size=5, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(120, activation='relu'),
            nn.Dense(84, activation='relu'),
            nn.Dense(10))
    return net


def answer_better_lenet(quick=False):
    """尝试基于LeNet构造更复杂的网络来提高分类准确率。例如，调整卷积窗口大小、输出通道数、激活函数和全连接层输出个数。
    在优化方面，可以尝试使用不同的学习率、初始化方法以及增加迭代周期。"""
    seeds = SEEDS[:1] if quick else SEEDS
    budget = QUICK if quick else {}
    arms = {'lenet（书中）': finals(over_seeds(lenet, seeds, **{**LENET_RECIPE, **budget})),
            'better_lenet': finals(over_seeds(better_lenet, seeds, **{**BETTER_LENET_RECIPE, **budget}))}
    epochs = (budget or BETTER_LENET_RECIPE)['num_epochs']
    return ('better_lenet：ReLU，16和32个通道，第一个卷积层填充2，学习率0.3（书中：sigmoid，6和16个通道，'
            '学习率0.9）；Xavier初始化和批量大小256与书中相同。两个网络各训练 %d 个迭代周期，随机种子 %s，'
            '最后的测试准确率：\n%s\n%s\n%s\n（书中LeNet的结果：%.3f。）书中的解释（这里没有单独测量）：'
            'ReLU不像sigmoid那样饱和，梯度能传到前面的层，更宽的网络也能拟合更多。'
            % (epochs, ', '.join(map(str, seeds)),
               table(['网络', '每个种子', '均值 ± 标准差'], seed_rows(arms)),
               pair('better_lenet', arms['better_lenet'], 'lenet（书中）', arms['lenet（书中）']),
               RULE, RECIPES['lenet'].book.test_acc))


EXERCISES = [answer_better_lenet]
