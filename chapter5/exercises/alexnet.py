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
    return ('Test accuracy per epoch, LeNet (book recipe) against small_alexnet (the AlexNet of this '
            'section\'s next answer, at 28x28):\n%s\nFinal train acc: LeNet %.3f, small_alexnet %.3f.\n%s\n'
            'Why: LeNet\'s sigmoids saturate and its 6 and 16 channels limit what it can fit; the '
            'AlexNet-style network (ReLU, more channels, dropout) gets larger gradients through more '
            'layers and has room to fit more.'
            % (table(['epoch', 'LeNet', 'small_alexnet'], rows),
               lenet['train_acc'][-1], alex['train_acc'][-1],
               verdict_more_epochs(lenet['test_acc'], alex['test_acc'], alex['train_acc'][-1])))


def verdict_more_epochs(lenet_acc, alex_acc, alex_train_acc):
    """What these per-epoch test accuracies show: trends, which ends higher, over-fitting."""
    sentences = []
    if len(lenet_acc) < 3:
        sentences.append('%d epoch%s show no trend; the full answer trains 10.'
                         % (len(lenet_acc), '' if len(lenet_acc) == 1 else 's'))
    else:
        for name, acc in (('LeNet', lenet_acc), ('small_alexnet', alex_acc)):
            gain = acc[-1] - acc[-3]
            sentences.append('%s %s over its last two epochs (%+.3f).'
                             % (name, 'is still climbing' if gain > 0.005 else 'has levelled off', gain))
    sentences.append(higher({'small_alexnet': alex_acc[-1], 'LeNet': lenet_acc[-1]}) + '.')
    gap = alex_train_acc - alex_acc[-1]
    sentences.append('small_alexnet\'s train accuracy is %.3f %s its test accuracy: %s.'
                     % (abs(gap), 'above' if gap > 0 else 'below',
                        'more epochs now mostly fit the training set (over-fitting)' if gap > 0.01
                        else 'it is not over-fitting yet'))
    return ' '.join(sentences)


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
    return ('small_alexnet keeps AlexNet\'s plan at 28x28 (no resizing): %d epochs in %.0f s (%.0f s per '
            'epoch), test acc %.3f, with %s parameters against AlexNet\'s %s. Training images per second '
            'here: AlexNet at 224x224 %.1f, small_alexnet %.0f.\n%s'
            % (epochs, run['seconds'], run['seconds'] / epochs, run['test_acc'][-1],
               format(count_params(initialised(small_alexnet(), 28)), ','),
               format(count_params(initialised(get_model('alexnet')(), 224)), ','),
               speeds['alexnet'], speeds['small_alexnet'],
               verdict_simplify(speeds['small_alexnet'] / speeds['alexnet'], run['test_acc'][-1], book,
                                epochs)))


def verdict_simplify(speedup, test_acc, book_test_acc, epochs, band=0.02):
    """Faster, and did the accuracy drop notably (more than `band` under the book's AlexNet)?"""
    faster = ('%.0f times as many images per second as AlexNet' % speedup if speedup >= 1.5
              else 'no faster than AlexNet (%.2fx)' % speedup)
    if epochs < 5:
        accuracy = ('after %d epoch%s its test acc %.3f is not comparable with the book\'s 5-epoch %.3f'
                    % (epochs, '' if epochs == 1 else 's', test_acc, book_test_acc))
    elif test_acc >= book_test_acc - band:
        accuracy = ('its test acc %.3f is within %.2f of (or above) the book\'s AlexNet %.3f: no notable drop'
                    % (test_acc, band, book_test_acc))
    else:
        accuracy = ('its test acc %.3f is %.3f under the book\'s AlexNet %.3f: a notable drop'
                    % (test_acc, book_test_acc - test_acc, book_test_acc))
    return 'It trains %s; %s.' % (faster, accuracy)


def answer_batch_size(quick=False, batch_sizes=(32, 128, 512, 2048)):
    """修改批量大小，观察准确率和内存或显存的变化。"""
    budget = dict(num_train=2560, num_test=500) if quick else {}
    rows = []
    for batch_size in batch_sizes:
        run, peak = in_child('chapter5.exercises.alexnet:train_epochs', name='small_alexnet', num_epochs=1,
                             lr=SMALL_ALEXNET_RECIPE['lr'], batch_size=batch_size, **budget)
        rows.append([batch_size, '%.3f' % run['test_acc'][-1], '%.0f' % run['seconds'], '%.0f' % peak])
    return ('small_alexnet, one epoch at lr 0.1, each in a fresh process (its peak resident memory, the '
            'data in memory included):\n%s\n%s\nWhy: the activations of a batch are kept for the backward '
            'pass, so memory grows with the batch size on top of the fixed cost of the data and '
            'parameters; with the same lr a bigger batch makes fewer steps per epoch (60000 / batch size).'
            % (table(['batch size', 'test acc', 'seconds', 'peak MiB'], rows),
               verdict_batch_size([r[0] for r in rows], [float(r[1]) for r in rows],
                                  [float(r[2]) for r in rows], [float(r[3]) for r in rows])))


def verdict_batch_size(sizes, accs, seconds, peaks):
    """What the measured rows say about accuracy, memory and time as the batch grows."""
    def trend(values, up, down):
        pairs = list(zip(values, values[1:]))
        return up if all(b > a for a, b in pairs) else down if all(b < a for a, b in pairs) else None
    acc = trend(accs, 'rises', 'falls')
    mem = trend(peaks, 'grows', 'shrinks')
    sentences = ['From batch %d to %d, one epoch\'s test accuracy %s (%.3f to %.3f)'
                 % (sizes[0], sizes[-1], acc or 'does not move one way', accs[0], accs[-1]),
                 'peak memory %s (%.0f to %.0f MiB)' % (mem or 'does not move one way', peaks[0], peaks[-1])]
    ratio = max(seconds) / min(seconds)
    sentences.append('an epoch takes about as long at every size (within %.0f%%)' % (100 * (ratio - 1))
                     if ratio <= 1.25 else 'the slowest size takes %.1f times as long as the fastest' % ratio)
    return '; '.join(sentences) + '.'




EXERCISES = [answer_more_epochs, answer_simplify, answer_batch_size]
