"""The documented printouts of every section: what `chapter5 verify` expects each section to print,
and where each expectation comes from (SOURCES: the notes, the book, or a formula from the notes'
numbers where neither prints the table). Data, kept apart from the checker that reads it.
"""
import re

LENET_SHAPES = '''
conv0 output shape: (1, 6, 24, 24)
pool0 output shape: (1, 6, 12, 12)
conv1 output shape: (1, 16, 8, 8)
pool1 output shape: (1, 16, 4, 4)
dense0 output shape: (1, 120)
dense1 output shape: (1, 84)
dense2 output shape: (1, 10)'''


def with_batch_norm(table):
    """5.10: LeNet's table (5.5, the notes) with batch norm and the sigmoid after every layer but the last.

    Neither changes a shape; Gluon names them batchnorm0, sigmoid0, ... in order.
    """
    lines, k = [], 0
    rows = table.strip().splitlines()
    for i, line in enumerate(rows):
        lines.append(line)
        if line.startswith(('conv', 'dense')) and i < len(rows) - 1:
            shape = line.split(': ')[1]
            lines += ['batchnorm%d output shape: %s' % (k, shape), 'sigmoid%d output shape: %s' % (k, shape)]
            k += 1
    return '\n' + '\n'.join(lines)


def densenet_shapes(size=96, channels=64, growth_rate=32, convs=(4, 4, 4, 4)):
    """5.12: DenseNet's layer shapes worked out from the notes' numbers, as a pattern (names not checked).

    The stem: a 7x7 convolution with stride 2 and padding 3, batch norm, ReLU, a 3x3 max pool with
    stride 2 and padding 1; a dense block adds convs * growth_rate channels; a transition halves
    the channels (floor) and the height and width; then batch norm, ReLU, global pooling, 10 classes.
    """
    def shape(*dims):
        return re.escape('(1, %s)' % ', '.join(map(str, dims)))
    side = (size + 2 * 3 - 7) // 2 + 1
    shapes = [shape(channels, side, side)] * 3
    side = (side + 2 * 1 - 3) // 2 + 1
    shapes.append(shape(channels, side, side))
    for i, n in enumerate(convs):
        channels += n * growth_rate
        shapes.append(shape(channels, side, side))
        if i < len(convs) - 1:
            channels, side = channels // 2, side // 2
            shapes.append(shape(channels, side, side))
    shapes += [shape(channels, side, side)] * 2 + [shape(channels, 1, 1), shape(10)]
    return re.compile(' '.join(r'\S+ output shape: ' + s for s in shapes))

# section id -> [(what, documented printout)], in the order the section prints them
EXPECTED = {
    '5.1': [
        ('X, the 6x8 edge image', '''
[[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]]
<NDArray 6x8 @cpu(0)>'''),
        ('Y = corr2d(X, K), the edges', '''
[[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]]
<NDArray 6x7 @cpu(0)>'''),
        ('kernel learning, batch 2', 'batch 2, loss 4.949'),
        ('kernel learning, batch 4', 'batch 4, loss 0.831'),
        ('kernel learning, batch 6', 'batch 6, loss 0.140'),
        ('kernel learning, batch 8', 'batch 8, loss 0.024'),
        ('kernel learning, batch 10', 'batch 10, loss 0.004'),
        ('the learned kernel', '''
[[ 0.9895 -0.9873705]]
<NDArray 1x2 @cpu(0)>'''),
    ],
    # the notes' two shapes and the book's two more, in the book's order
    '5.2': [
        ('padding 1, 3x3 kernel keeps 8x8', '(8, 8)'),
        ('padding (2, 1), 5x3 kernel keeps 8x8', '(8, 8)'),
        ('stride 2 halves 8x8', '(4, 4)'),
        ('strides (3, 4): floor((8-3+0+3)/3) x floor((8-5+2+4)/4)', '(2, 2)'),
    ],
    '5.3': [
        ('corr2d_multi_in(X, K)', '''
[[ 56. 72.]
[104. 120.]]
<NDArray 2x2 @cpu(0)>'''),
        ('K = nd.stack(K, K + 1, K + 2)', '''
[[[[0. 1.]
   [2. 3.]]

  [[1. 2.]
   [3. 4.]]]

 [[[1. 2.]
   [3. 4.]]

  [[2. 3.]
   [4. 5.]]]

 [[[2. 3.]
   [4. 5.]]

  [[3. 4.]
   [5. 6.]]]]
<NDArray 3x2x2x2 @cpu(0)>'''),
        ('corr2d_multi_in_out(X, K)', '''
[[[ 56. 72.]
[104. 120.]]
[[ 76. 100.]
[148. 172.]]
[[ 96. 128.]
[192. 224.]]]
<NDArray 3x2x2 @cpu(0)>'''),
        ('1x1 convolution equals the loop version', 'True'),
    ],
    '5.4': [
        ('max pooling 2x2 of 0..8', '''
[[4. 5.]
[7. 8.]]
<NDArray 2x2 @cpu(0)>'''),
        ('average pooling 2x2 of 0..8', '''
[[2. 3.]
[5. 6.]]
<NDArray 2x2 @cpu(0)>'''),
        ('X = nd.arange(16)', '''
[[[[ 0. 1. 2. 3.]
   [ 4. 5. 6. 7.]
   [ 8. 9. 10. 11.]
   [12. 13. 14. 15.]]]]
<NDArray 1x1x4x4 @cpu(0)>'''),
        ('nn.MaxPool2D(3)', '''
[[[[10.]]]]
<NDArray 1x1x1x1 @cpu(0)>'''),
        ('nn.MaxPool2D(3, padding=1, strides=2)', '''
[[[[ 5. 7.]
   [13. 15.]]]]
<NDArray 1x1x2x2 @cpu(0)>'''),
        ('nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))', '''
[[[[ 0. 3.]
   [ 8. 11.]
   [12. 15.]]]]
<NDArray 1x1x3x2 @cpu(0)>'''),
        ('two channels pooled', '''
[[[[ 5. 7.]
   [13. 15.]]
  [[ 6. 8.]
   [14. 16.]]]]
<NDArray 1x2x2x2 @cpu(0)>'''),
    ],
    # the notes' shape tables (the layer names as a fresh run counts them)
    '5.5': [('LeNet shapes, 28x28 input', LENET_SHAPES)],
    '5.6': [('AlexNet shapes, 224x224 input', '''
conv0 output shape: (1, 96, 54, 54)
pool0 output shape: (1, 96, 26, 26)
conv1 output shape: (1, 256, 26, 26)
pool1 output shape: (1, 256, 12, 12)
conv2 output shape: (1, 384, 12, 12)
conv3 output shape: (1, 384, 12, 12)
conv4 output shape: (1, 256, 12, 12)
pool2 output shape: (1, 256, 5, 5)
dense0 output shape: (1, 4096)
dropout0 output shape: (1, 4096)
dense1 output shape: (1, 4096)
dropout1 output shape: (1, 4096)
dense2 output shape: (1, 10)''')],
    # the book's table: one pool per VGG block halves 224 five times
    '5.7': [('VGG-11 shapes, 224x224 input', '''
sequential1 output shape: (1, 64, 112, 112)
sequential2 output shape: (1, 128, 56, 56)
sequential3 output shape: (1, 256, 28, 28)
sequential4 output shape: (1, 512, 14, 14)
sequential5 output shape: (1, 512, 7, 7)
dense0 output shape: (1, 4096)
dropout0 output shape: (1, 4096)
dense1 output shape: (1, 4096)
dropout1 output shape: (1, 4096)
dense2 output shape: (1, 10)'''),
            ('print(small_conv_arch): channels // 4', '[(1, 16), (1, 32), (2, 64), (2, 128), (2, 128)]')],
    '5.8': [('NiN shapes, 224x224 input', '''
sequential1 output shape: (1, 96, 54, 54)
pool0 output shape: (1, 96, 26, 26)
sequential2 output shape: (1, 256, 26, 26)
pool1 output shape: (1, 256, 12, 12)
sequential3 output shape: (1, 384, 12, 12)
pool2 output shape: (1, 384, 5, 5)
dropout0 output shape: (1, 384, 5, 5)
sequential4 output shape: (1, 10, 5, 5)
pool3 output shape: (1, 10, 1, 1)
flatten0 output shape: (1, 10)''')],
    # the book's table; 480 = 128+192+96+64, 832 = 256+320+128+128, 1024 = 384+384+128+128
    '5.9': [('GoogLeNet shapes, 96x96 input', '''
sequential0 output shape: (1, 64, 24, 24)
sequential1 output shape: (1, 192, 12, 12)
sequential2 output shape: (1, 480, 6, 6)
sequential3 output shape: (1, 832, 3, 3)
sequential4 output shape: (1, 1024, 1, 1)
dense0 output shape: (1, 10)''')],
    # LeNet's shapes: batch normalisation and the activation keep a layer's shape
    '5.10': [('LeNet + BatchNorm (scratch) shapes', 'lenet_bn_scratch():' + with_batch_norm(LENET_SHAPES)),
             ('LeNet + nn.BatchNorm shapes', 'lenet_bn():' + with_batch_norm(LENET_SHAPES))],
    # the book's printouts; the two Residual demonstrations take conv0-4 and batchnorm0-3 first
    '5.11': [('Residual(3) on (4, 3, 6, 6)', '(4, 3, 6, 6)'),
             ('Residual(6, use_1x1conv=True, strides=2)', '(4, 6, 3, 3)'),
             ('ResNet-18 shapes, 224x224 input', '''
conv5 output shape: (1, 64, 112, 112)
batchnorm4 output shape: (1, 64, 112, 112)
relu0 output shape: (1, 64, 112, 112)
pool0 output shape: (1, 64, 56, 56)
sequential1 output shape: (1, 64, 56, 56)
sequential2 output shape: (1, 128, 28, 28)
sequential3 output shape: (1, 256, 14, 14)
sequential4 output shape: (1, 512, 7, 7)
pool1 output shape: (1, 512, 1, 1)
dense0 output shape: (1, 10)''')],
    # the notes' block shapes; then channels 64 -> +4*32 = 192 -> 96 -> 224 -> 112 -> 240 -> 120 -> 248
    '5.12': [('DenseBlock(2, 10) on (4, 3, 8, 8): 3 + 2*10 channels', '(4, 23, 8, 8)'),
             ('transition_block(10) halves height and width', '(4, 10, 4, 4)'),
             ('DenseNet shapes, 96x96 input: 64 -> 192 -> 96 -> 224 -> 112 -> 240 -> 120 -> 248',
              densenet_shapes())],
}


# where each check's expected printout comes from, check by check
SOURCES = {
    '5.1': ['notes', 'notes'] + ['book'] * 5 + ['notes'],
    '5.2': ['book'] * 4,
    '5.3': ['notes'] * 4,
    '5.4': ['book', 'book', 'notes', 'notes', 'book', 'notes', 'book'],
    '5.5': ['notes'],
    '5.6': ['notes'],
    '5.7': ['book', 'book'],
    '5.8': ['notes'],
    '5.9': ['book'],
    '5.10': ["formula (5.5's table from the notes)"] * 2,
    '5.11': ['book'] * 3,
    '5.12': ['notes', 'notes', "formula (the notes' numbers)"],
}
