"""5.11 残差网络（ResNet） 练习：按论文的表构造ResNet-18到152、瓶颈块、预激活（“批量归一化、激活、卷积”）
块。"""
from mxnet.gluon import nn

from chapter5.exercises.common import count_params, initialised, table
from chapter5.resnet import Residual

# ResNet论文的表1：残差块的种类，以及四个阶段各有几个残差块
RESNET_ARCHS = {18: ('basic', (2, 2, 2, 2)), 34: ('basic', (3, 4, 6, 3)),
                50: ('bottleneck', (3, 4, 6, 3)), 101: ('bottleneck', (3, 4, 23, 3)),
                152: ('bottleneck', (3, 8, 36, 3))}
STAGE_CHANNELS = (64, 128, 256, 512)  # 瓶颈块的输出是这些的4倍
EXPANSION = {'basic': 1, 'bottleneck': 4}


def block_convs(num_channels, strides, bottleneck):
    """残差块中各卷积层的（通道数，卷积核，步幅）：两个3x3（基本块）；或者1x1降到四分之一的通道、3x3、
    1x1再升回去（瓶颈块；步幅放在第一个卷积层上，与论文的v1相同）。"""
    if bottleneck:
        return [(num_channels // 4, 1, strides), (num_channels // 4, 3, 1), (num_channels, 1, 1)]
    return [(num_channels, 3, strides), (num_channels, 3, 1)]


class Bottleneck(nn.HybridBlock):
    """论文的瓶颈块：1x1、3x3和1x1卷积层，每个后面接批量归一化（除最后一个外再接ReLU）；
    输入（需要时经过一个1x1卷积层）在最后的ReLU之前加上。参数与书中的Residual相同。"""

    def __init__(self, num_channels, use_1x1conv=False, strides=1, **kwargs):
        super(Bottleneck, self).__init__(**kwargs)
        self.body = nn.HybridSequential()
        convs = block_convs(num_channels, strides, bottleneck=True)
        for i, (channels, kernel, stride) in enumerate(convs):
            self.body.add(nn.Conv2D(channels, kernel, stride, padding=kernel // 2), nn.BatchNorm())
            if i < len(convs) - 1:
                self.body.add(nn.Activation('relu'))
        self.conv_shortcut = nn.Conv2D(num_channels, 1, strides) if use_1x1conv else None

    def hybrid_forward(self, F, X):
        Y = self.body(X)
        if self.conv_shortcut:
            X = self.conv_shortcut(X)
        return F.relu(Y + X)


class PreActivation(nn.HybridBlock):
    """ResNet v2的预激活块（“Identity Mappings in Deep Residual Networks”，图1）：
    块中每个卷积层（基本块或瓶颈块）之前先做批量归一化和ReLU；相加之后什么也不做。形状改变时，
    在预激活后的输入上用一个1x1卷积层做跨层连接。"""

    def __init__(self, num_channels, use_1x1conv=False, strides=1, *, bottleneck=False, **kwargs):
        super(PreActivation, self).__init__(**kwargs)
        self.bns, self.convs = nn.HybridSequential(), nn.HybridSequential()
        for channels, kernel, stride in block_convs(num_channels, strides, bottleneck):
            self.bns.add(nn.BatchNorm())
            self.convs.add(nn.Conv2D(channels, kernel, stride, padding=kernel // 2))
        self.conv_shortcut = nn.Conv2D(num_channels, 1, strides) if use_1x1conv else None

    def hybrid_forward(self, F, X):
        Y = F.relu(self.bns[0](X))
        shortcut = self.conv_shortcut(Y) if self.conv_shortcut else X
        for i, (bn, conv) in enumerate(zip(self.bns, self.convs)):
            Y = conv(Y if i == 0 else F.relu(bn(Y)))
        return Y + shortcut


def resnet(depth, *, preact=False):
    """按书中构造ResNet-18的方式构造用于Fashion-MNIST的ResNet-`depth`（18、34、50、101、152）：
    开头的卷积层、四个阶段、全局平均池化和输出10类的全连接层。`preact=True` 用PreActivation块，
    最后再加批量归一化和ReLU（ResNet v2）。"""
    if depth not in RESNET_ARCHS:
        raise ValueError('unknown ResNet depth %r; the paper\'s table has %s'
                         % (depth, ', '.join(map(str, RESNET_ARCHS))))
    kind, counts = RESNET_ARCHS[depth]
    bottleneck = kind == 'bottleneck'
    net = nn.Sequential()
    net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    channels = 64
    for i, (stage_channels, num_residuals) in enumerate(zip(STAGE_CHANNELS, counts)):
        out = stage_channels * EXPANSION[kind]
        stage = nn.Sequential()
        for j in range(num_residuals):
            strides = 2 if i > 0 and j == 0 else 1  # 第2到第4阶段的第一个块把高和宽减半
            use_1x1conv = j == 0 and (strides != 1 or channels != out)
            if preact:
                stage.add(PreActivation(out, use_1x1conv, strides, bottleneck=bottleneck))
            else:
                stage.add((Bottleneck if bottleneck else Residual)(out, use_1x1conv, strides))
            channels = out
        net.add(stage)
    if preact:
        net.add(nn.BatchNorm(), nn.Activation('relu'))
    net.add(nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def weighted_layers(block):
    """主路径上的卷积层和全连接层：ResNet名字里数的深度（不数跨层连接上的1x1卷积层，即Residual的conv3）。"""
    count = 0
    for name, child in block._children.items():
        if isinstance(child, (nn.Conv2D, nn.Dense)):
            count += name not in ('conv3', 'conv_shortcut')
        else:
            count += weighted_layers(child)
    return count


def answer_depths():
    """参考ResNet论文的表1来实现不同版本的ResNet [1]。"""
    rows = []
    for depth, (kind, counts) in RESNET_ARCHS.items():
        params = count_params(initialised(resnet(depth)))
        rows.append(['ResNet-%d' % depth, kind, counts, format(params, ',')])
    return ('resnet(depth) 按书中ResNet-18的结构构造论文表1中的网络（单输入通道，10类；保留书中卷积层的'
            '偏差）：\n%s\nresnet(18) 的参数与书中的resnet18()完全相同；每种深度在全局池化前都是224 -> 7x7，'
            '除去说明过的差别后，参数个数与gluoncv的resnet*_v1一致（有测试）。'
            % table(['模型', '残差块', '每个阶段的残差块数', '参数'], rows))


def answer_bottleneck():
    """对于比较深的网络，ResNet论文中介绍了一个“瓶颈”架构来降低模型复杂度。尝试实现它[1]。"""
    counts = [count_params(initialised(block, size=56, channels=256))
              for block in (Residual(256), Bottleneck(256))]
    rows = [[name, format(count, ',')]
            for name, count in zip(('两个3x3（基本块）', '1x1、3x3、1x1（瓶颈块）'), counts)]
    return ('Bottleneck(256)：1x1卷积降到64个通道，64通道上的3x3卷积，再用1x1卷积回到256个通道。'
            '在256通道的输入上：\n%s\n昂贵的3x3卷积只在四分之一的通道上计算，'
            '所以这个块的参数（以及每个像素的乘加次数）比256通道上的两个3x3卷积少 %.1f 倍；'
            'ResNet-50/101/152正因此能做得很深。'
            % (table(['残差块', '参数'], rows), counts[0] / counts[1]))


def answer_preactivation():
    """在ResNet的后续版本里，作者将残差块里的“卷积、批量归一化和激活”结构改成了“批量归一化、激活和卷积”，实现这个改进（[2]，图1）。"""
    rows = []
    for depth in (18, 50):
        rows.append(['ResNet-%d' % depth, format(count_params(initialised(resnet(depth))), ','),
                     format(count_params(initialised(resnet(depth, preact=True))), ',')])
    return ('PreActivation在每个卷积层之前做批量归一化和ReLU，加上输入之后不再做任何运算，所以跨层连接在'
            '块与块之间是纯粹的恒等映射，梯度原样传到前面的层。resnet(depth, preact=True)：\n%s\n'
            '卷积层相同；批量归一化层换了位置（预激活的网络最后多一个）。'
            % table(['模型', 'v1参数', 'v2（预激活）参数'], rows))


EXERCISES = [answer_depths, answer_bottleneck, answer_preactivation]
