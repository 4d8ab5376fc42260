"""chapter5.engine.predict: `predict` classifies pictures and draws the book's figure; bad input gets
one line."""
import cv2
from conftest import run_module

from chapter5.data import read_fashion_mnist
from chapter5.engine import predict


def test_predict_classifies_test_pictures_as_the_network_does(trained_lenet, tmp_path):
    images, labels = read_fashion_mnist(train=False)
    net, recipe = predict.load_run(str(trained_lenet))
    assert recipe['model'] == 'lenet_bn'
    expected = predict.probabilities(net, predict.to_input(images[:16])).argmax(1)
    paths = []
    for i in range(16):
        paths.append(str(tmp_path / ('test-%d.png' % i)))
        cv2.imwrite(paths[-1], images[i].reshape(28, 28))
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), *paths)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 16 and all('(28x28 grey, 28x28): ' in line for line in lines)
    said = [line.split('): ')[1].split(' 0.')[0].split(' 1.')[0] for line in lines]
    assert said == predict.get_fashion_mnist_labels(expected)
    assert said[2] == said[3] == 'trouser' == predict.TEXT_LABELS[labels[2]]  # the test set's 3rd and 4th
    # a photo-like version: bigger, colour, dark garment on white: inverted and shrunk back
    big = cv2.cvtColor(cv2.resize(255 - images[2].reshape(28, 28), (280, 280)), cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(tmp_path / 'photo.jpg'), big)
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), str(tmp_path / 'photo.jpg'))
    assert code == 0 and '280x280 colour -> grey, inverted (light background), 28x28): trouser' in out, err


def test_grid_draws_the_books_figure_and_prints_its_accuracy(trained_lenet, tmp_path):
    images, labels = read_fashion_mnist(train=False)
    net, _ = predict.load_run(str(trained_lenet))
    right = int((predict.probabilities(net, predict.to_input(images[:16])).argmax(1) == labels[:16]).sum())
    grid = tmp_path / 'grid.png'
    code, out, err = run_module('chapter5', 'predict', str(trained_lenet), '--grid', str(grid))
    assert code == 0, err
    assert 'the first 16 test images; accuracy on them %.3f (%d of 16)' % (right / 16, right) in out
    import matplotlib.image
    assert matplotlib.image.imread(str(grid)).shape[2] in (3, 4) and not list(tmp_path.glob('*.tmp'))


def test_bad_input_gets_one_line_and_an_exit_code(trained_lenet, tmp_path):
    cases = [
        (['predict', str(tmp_path / 'none'), '--grid', 'g.png'], 1, 'is not a folder'),
        (['predict', str(tmp_path), '--grid', 'g.png'], 1, 'holds no checkpoint (checkpoint.json)'),
        (['predict', str(trained_lenet)], 2, 'give IMAGE files to classify, or --grid'),
        (['predict', str(trained_lenet), str(tmp_path / 'missing.png')], 1, 'missing.png: no such file'),
        (['export', str(trained_lenet), '--format', 'tflite'], 2, "invalid choice: 'tflite'"),
    ]
    (tmp_path / 'text.png').write_text('not a picture')
    cases.append((['predict', str(trained_lenet), str(tmp_path / 'text.png')], 1,
                  'not a picture OpenCV can read'))
    (tmp_path / 'file').write_text('')
    cases.append((['export', str(trained_lenet), '--format', 'onnx', '-o', str(tmp_path / 'file' / 'x.onnx')],
                   1, 'is a file'))
    cases += [  # places that take no file: one line each, and no half-written file (issue 31)
        (['predict', str(trained_lenet), '--grid', str(tmp_path / 'nosuchdir' / 'g.png')], 1,
         'nosuchdir does not exist; name a file in an existing folder'),
        (['predict', str(trained_lenet), '--grid', '/proc/g.png'], 1, 'cannot write /proc/g.png'),
        (['export', str(trained_lenet), '--format', 'onnx', '-o', '/proc/x.onnx'], 1,
         'cannot write /proc/x.onnx'),
        (['export', str(trained_lenet), '--format', 'mxnet', '-o', '/proc/x'], 1, 'cannot write /proc/x'),
        (['train', 'lenet', '--ctx', 'gpu:0'], 2, 'this MXNet sees 0 GPUs'),
    ]
    for args, code, words in cases:
        got, out, err = run_module('chapter5', *args)
        assert got == code and words in err and 'Traceback' not in err, (args, err)
        if code == 1:  # (exit 2 is argparse's: its usage, then the one line)
            assert len([line for line in err.splitlines() if 'GPU support is disabled' not in line]) == 1, err
