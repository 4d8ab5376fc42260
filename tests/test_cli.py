"""The chapter5 command: list, data, run, verify and unknown names."""
import os
import subprocess
import sys

import pytest
from conftest import EPOCH_LINE, run_module

from chapter5 import SECTIONS


def test_list_names_all_twelve_sections():
    code, out, _ = run_module('chapter5', 'list')
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(SECTIONS)
    assert lines[0].split()[1:] == ['conv_layer', '二维卷积层']
    assert '稠密连接网络（DenseNet）' in lines[-1]


def test_data_reports_the_real_data():
    code, out, _ = run_module('chapter5', 'data')
    assert code == 0
    assert '60000 training and 10000 test images, checked' in out


def test_data_with_an_empty_root_fails_clearly(tmp_path):
    code, _, err = run_module('chapter5', 'data', '--root', str(tmp_path))
    assert code == 1
    assert 'not found' in err and 'apt-get install dataset-fashion-mnist' in err


def test_run_section_by_id_and_by_module_name():
    for name in ('5.4', 'pooling'):
        code, out, _ = run_module('chapter5', 'run', name)
        assert code == 0
        assert '<NDArray 1x2x2x2 @cpu(0)>' in out


def test_verify_sections_pass():
    code, out, _ = run_module('chapter5', 'verify', '5.1', '5.2', '5.3', '5.4')
    assert code == 0, out
    lines = out.splitlines()
    assert all(line.startswith('PASS') for line in lines[:-2])
    assert lines[-2] == "checked against the notes: 10, the book: 13, a formula from the notes' numbers: 0"
    assert lines[-1] == '%d passed, 0 failed' % (len(lines) - 2)
    assert any('batch 10, loss 0.004' in line for line in lines)


def test_unknown_section_exits_2_with_the_list():
    for args in (['run', '5.13'], ['verify', 'nope']):
        code, _, err = run_module('chapter5', *args)
        assert code == 2
        assert "unknown section" in err and '5.1, 5.2' in err and '5.12' in err


def test_a_damaged_dataset_stops_training_commands_with_the_message_alone(tmp_path):
    """The book's folder (~/.mxnet/datasets/fashion-mnist) comes first; its training images cut short."""
    book = tmp_path / '.mxnet' / 'datasets' / 'fashion-mnist'
    book.mkdir(parents=True)
    debian = '/usr/share/datasets/fashion-mnist'
    for name in os.listdir(debian):
        if name.startswith('train-images'):
            (book / name).write_bytes(open(os.path.join(debian, name), 'rb').read()[:100000])
        else:
            os.symlink(os.path.join(debian, name), book / name)
    env = dict(os.environ, HOME=str(tmp_path))
    for args in (['train', 'lenet', '--epochs', '1'], ['exercises', '5.5', '--quick']):
        proc = subprocess.run([sys.executable, '-m', 'chapter5', *args], capture_output=True, text=True,
                              env=env)
        assert proc.returncode == 1, proc.stderr
        assert 'damaged Fashion-MNIST file %s' % (book / 'train-images-idx3-ubyte.gz') in proc.stderr
        assert 'Traceback' not in proc.stderr


def test_cli_train_takes_the_engine_by_default_and_the_books_harness_when_asked():
    # seeded: at lr 1.0 an unseeded first epoch's test accuracy lands anywhere from 0.64 to 0.82
    code, out, err = run_module('chapter5', 'train', 'lenet_bn', '--epochs', '1', '--seed', '0')
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == 'training on cpu(0)' and EPOCH_LINE.fullmatch(lines[1])
    assert float(EPOCH_LINE.fullmatch(lines[1]).group(4)) > 0.7
    code, out, err = run_module('chapter5', 'train', 'lenet', '--book-path', '--out', 'x')
    assert code == 2 and 'keeps no checkpoints' in err


@pytest.mark.parametrize('args, words', [
    (['train', 'lenet', '--ctx', 'tpu:0'], "'tpu:0' is not a device"),
    (['train', 'lenet', '--ctx', 'cpu:0,cpu:0'], 'names a device twice'),
    (['train', 'lenet', '--kvstore', 'dist_sync'], 'needs --seed N'),
    (['train', 'lenet', '--kvstore', 'dist_sync', '--seed', '0'], 'start it with chapter5 launch'),
    (['train', 'lenet', '--book-path', '--ctx', 'cpu:0,cpu:1'], 'on one device'),
    (['launch', '-n', '2'], "give the workers' command after --"),
])
def test_bad_device_arguments_exit_2_saying_what_to_do(args, words):
    code, _, err = run_module('chapter5', *args)
    assert code == 2 and words in err, err
