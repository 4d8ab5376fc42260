"""5.6 深度卷积神经网络（AlexNet） 练习: more epochs, a simpler AlexNet, batch size against memory."""
from mxnet.gluon import nn

from chapter5.exercises.common import higher, images_per_second, in_child, table, train_net


def small_alexnet():
    """AlexNet's plan (five convolutions, three dense layers, dropout) sized for 28x28 inputs:
    3x3 kernels, a third of the channels, 512-unit dense layers, no resizing to 224."""
    net = nn.Sequential()
    net.add(nn.Conv2D(32, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(64, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(128, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(128, kernel_size=3, padding=1, activation='relu'),
            nn.Conv2D(64, kernel_size=3, padding=1, activation='relu'),
            nn.MaxPool2D(pool_size=3, strides=2),
            nn.Dense(512, activation='relu'), nn.Dropout(0.5),
            nn.Dense(512, activation='relu'), nn.Dropout(0.5),
            nn.Dense(10))
    return net


# small_alexnet's recipe: AlexNet's batch size and epochs; lr 0.1 (at AlexNet's 0.01 it barely
# moves in the first epoch: test acc 0.60 against 0.80 measured here)
SMALL_ALEXNET_RECIPE = dict(lr=0.1, batch_size=128, num_epochs=5)


def build(name):
    """A network of these answers by name."""
    from chapter5 import get_model
    return small_alexnet() if name == 'small_alexnet' else get_model(name)()


def train_epochs(name, num_epochs, lr, batch_size, num_train=None, num_test=None):
    """Train `name` at 28x28; returns the per-epoch test accuracies and the seconds (JSON-able)."""
    results, seconds = train_net(build(name), lr=lr, num_epochs=num_epochs, batch_size=batch_size,
                                 num_train=num_train, num_test=num_test)
    return {'test_acc': [r.test_acc for r in results], 'train_acc': [r.train_acc for r in results],
            'seconds': seconds}


def answer_more_epochs(quick=False, num_epochs=10):
    """尝试增加迭代周期。跟LeNet的结果相比，AlexNet的结果有什么区别？为什么？"""
    budget = dict(num_epochs=1, num_train=2560, num_test=500) if quick else dict(num_epochs=num_epochs)
    lenet = train_epochs('lenet', lr=0.9, batch_size=256, **budget)
    alex = train_epochs('small_alexnet', **{**SMALL_ALEXNET_RECIPE, **budget})
    rows = [[e + 1, '%.3f' % a, '%.3f' % b]
            for e, (a, b) in enumerate(zip(lenet['test_acc'], alex['test_acc']))]
    return ('每个迭代周期的测试准确率，LeNet（书中的训练设置）对small_alexnet（本节下一题的AlexNet，'
            '输入28x28）：\n%s\n最后的训练准确率：LeNet %.3f，small_alexnet %.3f。\n%s\n'
            '原因：LeNet的sigmoid会饱和，6和16个通道也限制了它能拟合的东西；AlexNet式的网络（ReLU、'
            '更多通道、丢弃法）让较大的梯度穿过更多的层，也有余量拟合更多。'
            % (table(['迭代周期', 'LeNet', 'small_alexnet'], rows),
               lenet['train_acc'][-1], alex['train_acc'][-1],
               verdict_more_epochs(lenet['test_acc'], alex['test_acc'], alex['train_acc'][-1])))


def verdict_more_epochs(lenet_acc, alex_acc, alex_train_acc):
    """What these per-epoch test accuracies show: trends, which ends higher, over-fitting."""
    sentences = []
    if len(lenet_acc) < 3:
        sentences.append('%d 个迭代周期看不出趋势；完整的答案训练10个。' % len(lenet_acc))
    else:
        for name, acc in (('LeNet', lenet_acc), ('small_alexnet', alex_acc)):
            gain = acc[-1] - acc[-3]
            sentences.append('%s在最后两个迭代周期里%s（%+.3f）。'
                             % (name, '仍在上升' if gain > 0.005 else '已趋于平稳', gain))
    sentences.append(higher({'small_alexnet': alex_acc[-1], 'LeNet': lenet_acc[-1]}) + '。')
    gap = alex_train_acc - alex_acc[-1]
    sentences.append('small_alexnet的训练准确率比测试准确率%s %.3f：%s。'
                     % ('高' if gap > 0 else '低', abs(gap),
                        '更多的迭代周期主要在拟合训练集（过拟合）' if gap > 0.01 else '还没有过拟合'))
    return ''.join(sentences)


def answer_simplify(quick=False):
    """AlexNet对Fashion-MNIST数据集来说可能过于复杂。试着简化模型来使训练更快，同时保证准确率不明显下降。"""
    budget = dict(num_epochs=1, num_train=2560, num_test=500) if quick else {}
    from chapter5 import get_model
    from chapter5.exercises.common import count_params, initialised
    run = train_epochs('small_alexnet', **{**SMALL_ALEXNET_RECIPE, **budget})
    epochs = len(run['test_acc'])
    steps = 1 if quick else 3
    speeds = {'alexnet': images_per_second(get_model('alexnet')(), 224, steps=steps),
              'small_alexnet': images_per_second(small_alexnet(), 28, steps=steps)}
    book = get_model('alexnet').recipe.book.test_acc
    return ('small_alexnet在28x28上保留AlexNet的结构（不放大图像）：%d 个迭代周期用时 %.0f 秒（每个周期 '
            '%.0f 秒），测试准确率 %.3f，参数 %s 个，AlexNet为 %s 个。本机每秒训练的图像数：'
            '224x224的AlexNet %.1f，small_alexnet %.0f。\n%s'
            % (epochs, run['seconds'], run['seconds'] / epochs, run['test_acc'][-1],
               format(count_params(initialised(small_alexnet(), 28)), ','),
               format(count_params(initialised(get_model('alexnet')(), 224)), ','),
               speeds['alexnet'], speeds['small_alexnet'],
               verdict_simplify(speeds['small_alexnet'] / speeds['alexnet'], run['test_acc'][-1], book,
                                epochs)))


def verdict_simplify(speedup, test_acc, book_test_acc, epochs, band=0.02):
    """Faster, and did the accuracy drop notably (more than `band` under the book's AlexNet)?"""
    faster = ('每秒训练的图像数是AlexNet的 %.0f 倍' % speedup if speedup >= 1.5
              else '并不比AlexNet快（%.2f 倍）' % speedup)
    if epochs < 5:
        accuracy = ('只训练了 %d 个迭代周期，测试准确率 %.3f 不能与书中5个迭代周期的 %.3f 相比'
                    % (epochs, test_acc, book_test_acc))
    elif test_acc >= book_test_acc - band:
        accuracy = ('测试准确率 %.3f 不低于书中AlexNet的 %.3f 减 %.2f：准确率没有明显下降'
                    % (test_acc, book_test_acc, band))
    else:
        accuracy = ('测试准确率 %.3f 比书中AlexNet的 %.3f 低 %.3f：准确率明显下降'
                    % (test_acc, book_test_acc, book_test_acc - test_acc))
    return '它%s；%s。' % (faster, accuracy)


def answer_batch_size(quick=False, batch_sizes=(32, 128, 512, 2048)):
    """修改批量大小，观察准确率和内存或显存的变化。"""
    budget = dict(num_train=2560, num_test=500) if quick else {}
    rows = []
    for batch_size in batch_sizes:
        run, peak = in_child('chapter5.exercises.alexnet:train_epochs', name='small_alexnet', num_epochs=1,
                             lr=SMALL_ALEXNET_RECIPE['lr'], batch_size=batch_size, **budget)
        rows.append([batch_size, '%.3f' % run['test_acc'][-1], '%.0f' % run['seconds'], '%.0f' % peak])
    return ('small_alexnet，学习率0.1，训练一个迭代周期，每种批量大小在一个新进程里运行（峰值常驻内存，'
            '包括内存中的数据）：\n%s\n%s\n原因：一个批量的激活值要保留到反向传播，所以在数据和参数的固定'
            '开销之上，内存随批量大小增长；学习率相同时，批量越大，每个迭代周期的步数越少'
            '（60000 / 批量大小）。'
            % (table(['批量大小', '测试准确率', '秒', '峰值 MiB'], rows),
               verdict_batch_size([r[0] for r in rows], [float(r[1]) for r in rows],
                                  [float(r[2]) for r in rows], [float(r[3]) for r in rows])))


def verdict_batch_size(sizes, accs, seconds, peaks):
    """What the measured rows say about accuracy, memory and time as the batch grows."""
    def trend(values, up, down):
        pairs = list(zip(values, values[1:]))
        return up if all(b > a for a, b in pairs) else down if all(b < a for a, b in pairs) else None
    acc = trend(accs, '上升', '下降')
    mem = trend(peaks, '增长', '减少')
    sentences = ['批量大小从 %d 到 %d，一个迭代周期后的测试准确率%s（%.3f 到 %.3f）'
                 % (sizes[0], sizes[-1], acc or '没有单调变化', accs[0], accs[-1]),
                 '峰值内存%s（%.0f 到 %.0f MiB）' % (mem or '没有单调变化', peaks[0], peaks[-1])]
    ratio = max(seconds) / min(seconds)
    sentences.append('每种批量大小一个迭代周期的用时相近（相差不超过 %.0f%%）' % (100 * (ratio - 1))
                     if ratio <= 1.25 else '最慢的批量大小用时是最快的 %.1f 倍' % ratio)
    return '；'.join(sentences) + '。'




EXERCISES = [answer_more_epochs, answer_simplify, answer_batch_size]
