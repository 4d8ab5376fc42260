"""5.9 含并行连结的网络（GoogLeNet） 练习：加批量归一化的GoogLeNet，以及参数尺寸的比较。"""
from mxnet.gluon import nn

from chapter5.exercises.common import (
    SEEDS,
    count_params,
    finals,
    initialised,
    over_seeds,
    table,
    where_it_learns,
)
from chapter5.exercises.verdicts import RULE, mean_sd, pair
from chapter5.exercises.vgg import layer_costs
from chapter5.googlenet import googlenet

# answer_inception_bn的预算：书中的学习率，64x64输入（减半五次后剩2x2），批量大小64，一个迭代周期
# （938步），2,000张测试图像。本机测得：在一半训练集上（469步），书中的GoogLeNet只有0.48，
# googlenet_bn()为0.85
BUDGET = dict(resize=64, batch_size=64, num_epochs=1, num_train=None, num_test=2000, lr=0.1)
QUICK = dict(resize=64, batch_size=64, num_epochs=1, num_train=256, num_test=256, lr=0.1)


def conv_bn_relu(channels, **kwargs):
    """卷积层、批量归一化层，再ReLU：Inception v2的层，书中在这里用带relu的Conv2D。"""
    blk = nn.HybridSequential()
    blk.add(nn.Conv2D(channels, **kwargs), nn.BatchNorm(), nn.Activation('relu'))
    return blk


class InceptionBN(nn.HybridBlock):
    """书中的Inception块（5.9节），在每个卷积层后加批量归一化。"""

    def __init__(self, c1, c2, c3, c4, **kwargs):
        super(InceptionBN, self).__init__(**kwargs)
        self.p1_1 = conv_bn_relu(c1, kernel_size=1)
        self.p2_1 = conv_bn_relu(c2[0], kernel_size=1)
        self.p2_2 = conv_bn_relu(c2[1], kernel_size=3, padding=1)
        self.p3_1 = conv_bn_relu(c3[0], kernel_size=1)
        self.p3_2 = conv_bn_relu(c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2D(pool_size=3, strides=1, padding=1)
        self.p4_2 = conv_bn_relu(c4, kernel_size=1)

    def hybrid_forward(self, F, x):
        p1 = self.p1_1(x)
        p2 = self.p2_2(self.p2_1(x))
        p3 = self.p3_2(self.p3_1(x))
        p4 = self.p4_2(self.p4_1(x))
        return F.concat(p1, p2, p3, p4, dim=1)


# 第3到第5个模块中各Inception块的 (c1, c2, c3, c4)，与googlenet()相同
INCEPTIONS = {3: [(64, (96, 128), (16, 32), 32), (128, (128, 192), (32, 96), 64)],
              4: [(192, (96, 208), (16, 48), 64), (160, (112, 224), (24, 64), 64),
                  (128, (128, 256), (24, 64), 64), (112, (144, 288), (32, 64), 64),
                  (256, (160, 320), (32, 128), 128)],
              5: [(256, (160, 320), (32, 128), 128), (384, (192, 384), (48, 128), 128)]}


def googlenet_bn():
    """书中的GoogLeNet（5.9节），在每个卷积层后加批量归一化（Inception v2的主要改动）。"""
    net = nn.HybridSequential()
    net.add(conv_bn_relu(64, kernel_size=7, strides=2, padding=3),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1),
            conv_bn_relu(64, kernel_size=1), conv_bn_relu(192, kernel_size=3, padding=1),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    for module in (3, 4, 5):
        net.add(*[InceptionBN(*channels) for channels in INCEPTIONS[module]])
        net.add(nn.MaxPool2D(pool_size=3, strides=2, padding=1) if module < 5 else nn.GlobalAvgPool2D())
    net.add(nn.Dense(10))
    return net


def answer_inception_bn(quick=False):
    """GoogLeNet有数个后续版本。尝试实现并运用它们，然后观察实验结果。这些后续版本包括加入批量归一化层（下一节将介绍）[2]、
    对Inception块做调整[3] 和加入残差连接（“残差网络（ResNet）”一节将介绍）[4]。"""
    budget, seeds = (QUICK, SEEDS[:1]) if quick else (BUDGET, SEEDS)
    runs = {build.__name__ + '()': over_seeds(build, seeds, **budget) for build in (googlenet, googlenet_bn)}
    accs = {name: finals(r) for name, r in runs.items()}
    rows = [[name, ' '.join('%.3f' % a for a in accs[name]), '%.3f ± %.3f' % mean_sd(accs[name]),
             '%.0f' % mean_sd([run['seconds'] or 0 for run in runs[name]])[0]] for name in runs]
    return ('Inception v2的主要改动，在每个卷积层后加批量归一化，就是googlenet_bn()。输入%dx%d，批量大小%d，'
            '学习率0.1，%s训练图像上 %d 个迭代周期，前 %d 张测试图像，每个网络 %d 个随机种子：'
            '\n%s\n%s\n'
            '%s\n%s\n（v3把5x5卷积分解成两个3x3卷积；v4和Inception-ResNet加入了ResNet的跨层连接，见5.11节。）'
            % (budget['resize'], budget['resize'], budget['batch_size'],
               '前 %d 张' % budget['num_train'] if budget['num_train'] else '全部60000张',
               budget['num_epochs'], budget['num_test'], len(seeds),
               table(['网络', '每个种子的测试准确率', '均值 ± 标准差', '每次秒数'], rows),
               pair('googlenet_bn()', accs['googlenet_bn()'], 'googlenet()', accs['googlenet()']), RULE,
               where_it_learns('googlenet')))


def answer_parameters():
    """对比AlexNet、VGG和NiN、GoogLeNet的模型参数尺寸。为什么后两个网络可以显著减小模型参数尺寸？"""
    from chapter5 import get_model
    rows = []
    for name in ('alexnet', 'vgg11', 'nin', 'googlenet'):
        net = get_model(name)()
        if name == 'googlenet':  # 不是简单的一串层：它唯一的全连接层是最后一层
            initialised(net)
            dense = net[-1].weight.data().size + net[-1].bias.data().size
        else:
            dense = sum(r[2] for r in layer_costs(net) if r[0].startswith('dense'))
        total = count_params(net)
        rows.append([name, format(total, ','), format(dense, ','), '%.0f%%' % (100 * dense / total)])
    return ('输入224x224（单通道，10类）时的参数：\n%s\nAlexNet和VGG把最后的特征图展平后接4096个单元的'
            '全连接层：仅第一个就有256*5*5*4096（AlexNet）或512*7*7*4096（VGG）个权重。NiN以输出10个通道的'
            '1x1卷积层和全局平均池化结尾，GoogLeNet以全局平均池化和一个很小的全连接层结尾，两者都在昂贵的'
            '3x3和5x5卷积之前用1x1卷积减少通道数。'
            % table(['网络', '参数', '全连接层中的参数', '占比'], rows))


EXERCISES = [answer_inception_bn, answer_parameters]
