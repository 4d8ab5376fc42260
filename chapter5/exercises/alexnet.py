"""5.6 深度卷积神经网络（AlexNet） 练习: more epochs, a simpler AlexNet, batch size against memory."""
from mxnet.gluon import nn

from chapter5.exercises.common import in_child, table, train_net


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
            'section\'s next answer, at 28x28):\n%s\nFinal train acc: LeNet %.3f, small_alexnet %.3f. '
            'LeNet\'s sigmoids saturate, so it learns slowly and keeps climbing with more epochs; its 6 '
            'and 16 channels also limit what it can fit. The AlexNet-style network (ReLU, more channels, '
            'dropout) learns fast and levels off higher; once its train accuracy passes its test '
            'accuracy, more epochs mostly fit the training set (over-fitting).'
            % (table(['epoch', 'LeNet', 'small_alexnet'], rows),
               lenet['train_acc'][-1], alex['train_acc'][-1]))


def answer_simplify(quick=False):
    """AlexNet对Fashion-MNIST数据集来说可能过于复杂。试着简化模型来使训练更快，同时保证准确率不明显下降。"""
    budget = dict(num_epochs=1, num_train=2560, num_test=500) if quick else {}
    from chapter5 import get_model
    from chapter5.exercises.common import count_params, initialised
    run = train_epochs('small_alexnet', **{**SMALL_ALEXNET_RECIPE, **budget})
    epochs = len(run['test_acc'])
    return ('small_alexnet keeps AlexNet\'s plan at 28x28 (no resizing): %d epochs in %.0f s (%.0f s per '
            'epoch), test acc %.3f, with %s parameters against AlexNet\'s %s. The book\'s AlexNet needs '
            '224x224 inputs (64 times the pixels) and reached %.3f in 5 epochs on a GPU; the README '
            'records it at 96x96 on this CPU (chapter5 reproduce alexnet --profile cpu).'
            % (epochs, run['seconds'], run['seconds'] / epochs, run['test_acc'][-1],
               format(count_params(initialised(small_alexnet(), 28)), ','),
               format(count_params(initialised(get_model('alexnet')(), 224)), ','),
               get_model('alexnet').recipe.book.test_acc))


def answer_batch_size(quick=False, batch_sizes=(32, 128, 512, 2048)):
    """修改批量大小，观察准确率和内存或显存的变化。"""
    budget = dict(num_train=2560, num_test=500) if quick else {}
    rows = []
    for batch_size in batch_sizes:
        run, peak = in_child('chapter5.exercises.alexnet:train_epochs', name='small_alexnet', num_epochs=1,
                             lr=SMALL_ALEXNET_RECIPE['lr'], batch_size=batch_size, **budget)
        rows.append([batch_size, '%.3f' % run['test_acc'][-1], '%.0f' % run['seconds'], '%.0f' % peak])
    return ('small_alexnet, one epoch at lr 0.1, each in a fresh process (its peak resident memory, the '
            'data in memory included):\n%s\nThe activations of a batch are kept for the backward pass, so '
            'memory grows with the batch size on top of the fixed cost of the data and parameters. With '
            'the same lr, a bigger batch makes fewer steps per epoch (60000 / batch size), so after one '
            'epoch it has learned less; a larger batch needs a larger lr (or more epochs) to keep up. '
            'An epoch takes about as long at any of these sizes here: the convolutions keep both cores '
            'busy even at batch 32.'
            % table(['batch size', 'test acc', 'seconds', 'peak MiB'], rows))



EXERCISES = [answer_more_epochs, answer_simplify, answer_batch_size]
