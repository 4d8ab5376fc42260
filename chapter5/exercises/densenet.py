"""5.12 稠密连接网络（DenseNet） 练习：为什么参数比ResNet少、224时的内存、
按论文的表构造DenseNet-121/169/201/264。"""
from mxnet.gluon import nn

from chapter5 import get_model
from chapter5.densenet import DenseBlock, conv_block, transition_block
from chapter5.exercises.common import count_params, images_per_second, in_child, initialised, table
from chapter5.exercises.verdicts import cell, mean_sd, pair

# DenseNet论文的表1（DenseNet-BC，增长率32）：每个稠密块中的卷积块数
DENSENET_ARCHS = {121: (6, 12, 24, 16), 169: (6, 12, 32, 32), 201: (6, 12, 48, 32), 264: (6, 12, 64, 48)}


def bottleneck_block(num_channels, bn_size=4):
    """DenseNet-BC的卷积块：批量归一化、ReLU、1x1卷积到 bn_size * num_channels 个通道，
    再接书中的conv_block（批量归一化、ReLU、3x3卷积到 num_channels 个通道）。"""
    blk = nn.Sequential()
    blk.add(nn.BatchNorm(), nn.Activation('relu'),
            nn.Conv2D(bn_size * num_channels, kernel_size=1),
            *conv_block(num_channels))
    return blk


class DenseBlockBC(DenseBlock):
    """笔记中的DenseBlock（用它的forward），把conv_block换成DenseNet-BC的瓶颈块。"""

    def __init__(self, num_convs, num_channels, **kwargs):
        nn.Block.__init__(self, **kwargs)
        self.net = nn.Sequential()
        for _ in range(num_convs):
            self.net.add(bottleneck_block(num_channels))


def densenet_bc(depth, growth_rate=32, num_channels=64, compression=0.5):
    """论文表1中的DenseNet-`depth`（121、169、201、264），按书中densenet()的结构：瓶颈块，
    把通道数减半的过渡层，10类，保留书中的偏差。"""
    if depth not in DENSENET_ARCHS:
        raise ValueError('unknown DenseNet depth %r; the paper\'s table has %s'
                         % (depth, ', '.join(map(str, DENSENET_ARCHS))))
    net = nn.Sequential()
    net.add(nn.Conv2D(num_channels, kernel_size=7, strides=2, padding=3),
            nn.BatchNorm(), nn.Activation('relu'),
            nn.MaxPool2D(pool_size=3, strides=2, padding=1))
    blocks = DENSENET_ARCHS[depth]
    channels = num_channels
    for i, num_convs in enumerate(blocks):
        net.add(DenseBlockBC(num_convs, growth_rate))
        channels += num_convs * growth_rate
        if i != len(blocks) - 1:
            channels = int(channels * compression)
            net.add(transition_block(channels))
    net.add(nn.BatchNorm(), nn.Activation('relu'), nn.GlobalAvgPool2D(), nn.Dense(10))
    return net


def largest_layers(net, n=3):
    """已初始化的网络中最大的 `n` 个权重：（参数名，形状，大小）。"""
    weights = [(name, p.shape, p.data().size) for name, p in net.collect_params().items()
               if name.endswith('_weight')]
    return sorted(weights, key=lambda w: -w[2])[:n]


def training_step(model, size, batch_size=32, steps=2):
    """chapter5的模型 `model` 在随机的 size x size 图像上热身一步，再做 `steps`
    步SGD（用in_child运行它来测内存）。"""
    images_per_second(get_model(model)(), size, batch_size, steps=steps)
    return True


def answer_fewer_parameters():
    """DenseNet论文中提到的一个优点是模型参数比ResNet的更小，这是为什么？"""
    rows = []
    for name in ('resnet18', 'densenet'):
        net = initialised(get_model(name)(), 96)
        big = ', '.join('%s %s' % (shape, format(size, ',')) for _, shape, size in largest_layers(net))
        rows.append([name, format(count_params(net), ','), big])
    return ('书中的两个网络，输入96x96：\n%s\nResNet的一层要输出与它相加的那么多通道（最多512个：512 -> 512'
            '的3x3卷积有240万个权重）。DenseNet的一层只新增growth_rate（32）个通道，通过连结重用前面所有的'
            '通道，所以它的卷积层很窄（输入通道 x 32 x 3 x 3），过渡层还把通道数减半。'
            % table(['网络', '参数', '最大的权重（形状，大小）'], rows))


def answer_memory(quick=False):
    """DenseNet被人诟病的一个问题是内存或显存消耗过多。真的会这样吗？
    可以把输入形状换成224 × 224，来看看实际的消耗。"""
    batch_size = 4 if quick else 32
    sizes = (96,) if quick else (96, 224)
    repeats = 1 if quick else 3
    peaks = {(model, size): [in_child('chapter5.exercises.densenet:training_step', model=model, size=size,
                                      batch_size=batch_size)[1] for _ in range(repeats)]
             for model in ('resnet18', 'densenet') for size in sizes}
    rows = [[model, size, batch_size, cell(values, 0)] for (model, size), values in peaks.items()]
    size = sizes[-1]
    params = [count_params(initialised(get_model(name)(), 96)) for name in ('resnet18', 'densenet')]
    return ('新进程做三步训练的峰值常驻内存（包括MXNet本身；每种各测 %d 次，均值 ± 标准差）：\n%s\n'
            '输入为 %d 时，DenseNet的平均峰值内存是ResNet-18的 %.2f 倍，参数却少 %.0f 倍。%s\n'
            '书中和论文的解释（这里没有单独测量）：DenseNet保留每一次连结，第k块的输入包含前面所有的输出；'
            '朴素的实现（像书中那样用nd.concat）在每一层都再复制一遍，所以激活值比参数个数增长得快。'
            '节省内存的实现让所有连结共用一块缓冲区。'
            % (repeats, table(['网络', '输入', '批量', '峰值 MiB'], rows), size,
               mean_sd(peaks[('densenet', size)])[0] / mean_sd(peaks[('resnet18', size)])[0],
               params[0] / params[1],
               pair('DenseNet', peaks[('densenet', size)], 'ResNet-18', peaks[('resnet18', size)],
                    what='峰值内存', accuracy=False)))


def answer_depths():
    """实现DenseNet论文中的表1提出的不同版本的DenseNet。"""
    rows = [['DenseNet-%d' % depth, blocks, format(count_params(initialised(densenet_bc(depth))), ',')]
            for depth, blocks in DENSENET_ARCHS.items()]
    return ('densenet_bc(depth)：论文的DenseNet-BC（每个3x3卷积之前用1x1瓶颈卷积到128个通道，增长率32，'
            '压缩率0.5），按书中的结构；单输入通道，10类，保留卷积层的偏差：\n%s\n名字数的是层数：每块2层，'
            '加上开头的卷积层、3个过渡层和全连接层（264按此为265：论文的名字差一）；121/169/201在除去偏差后'
            '与gluoncv的densenet121/169/201一致（有测试）。'
            % table(['模型', '每个稠密块的卷积块数', '参数'], rows))


EXERCISES = [answer_fewer_parameters, answer_memory, answer_depths]
