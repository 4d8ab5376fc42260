"""5.9 含并行连结的网络（GoogLeNet） 练习: GoogLeNet with batch norm, and parameter sizes compared."""
from chapter5.exercises.common import count_params, initialised, table, train_net
from chapter5.googlenet import googlenet

BUDGET = dict(resize=96, batch_size=128, num_epochs=1, num_train=12000, lr=0.1)
QUICK = dict(resize=96, batch_size=64, num_epochs=1, num_train=640, num_test=500, lr=0.1)


def answer_inception_bn(quick=False):
    """GoogLeNet有数个后续版本。尝试实现并运用它们，然后观察实验结果。这些后续版本包括加入批量归一化层（下一节将介绍）[2]、
    对Inception块做调整[3] 和加入残差连接（“残差网络（ResNet）”一节将介绍）[4]。"""
    rows = []
    for batch_norm in (False, True):
        results, seconds = train_net(googlenet(batch_norm=batch_norm), **(QUICK if quick else BUDGET))
        rows.append(['googlenet(batch_norm=%s)' % batch_norm, '%.4f' % results[-1].loss,
                     '%.3f' % results[-1].test_acc, '%.0f' % seconds])
    return ('Inception v2\'s main change, batch norm after every convolution, is googlenet(batch_norm=True). '
            'One epoch on the first 12000 training images at 96x96, lr 0.1, the same seed:\n%s\n'
            'Batch norm keeps each layer\'s inputs at a steady scale, which lets a 22-layer network start '
            'learning sooner and take larger steps. (v3 factorises the 5x5 into two 3x3 '
            'convolutions; v4 and Inception-ResNet add ResNet\'s shortcut, 5.11.)'
            % table(['network', 'train loss', 'test acc', 'seconds'], rows))


def answer_parameters():
    """对比AlexNet、VGG和NiN、GoogLeNet的模型参数尺寸。为什么后两个网络可以显著减小模型参数尺寸？"""
    from chapter5 import get_model
    from chapter5.exercises.vgg import layer_costs
    rows = []
    for name in ('alexnet', 'vgg11', 'nin', 'googlenet'):
        net = get_model(name)()
        if name == 'googlenet':  # not a plain sequence of layers: its one dense layer is the last
            initialised(net)
            dense = net[-1].weight.data().size + net[-1].bias.data().size
        else:
            dense = sum(r[2] for r in layer_costs(net) if r[0].startswith('dense'))
        total = count_params(net)
        rows.append([name, format(total, ','), format(dense, ','), '%.0f%%' % (100 * dense / total)])
    return ('Parameters at 224x224 (one channel, 10 classes):\n%s\nAlexNet and VGG flatten the last '
            'feature maps into 4096-unit dense layers: the first alone has 256*5*5*4096 (AlexNet) or '
            '512*7*7*4096 (VGG) weights. NiN ends with a 1x1 convolution to 10 channels and global '
            'average pooling, GoogLeNet with global average pooling and one small dense layer, and both '
            'use 1x1 convolutions to cut channels before the expensive 3x3 and 5x5 ones.'
            % table(['network', 'parameters', 'in dense layers', 'share'], rows))


EXERCISES = [answer_inception_bn, answer_parameters]
