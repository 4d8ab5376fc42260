"""The chapter5 command: list, data, run, verify and unknown names."""
from conftest import run_module

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


def test_the_formula_checks_fail_on_another_network():
    """5.12's table is worked out from the notes' numbers: the book's January 2019 network, whose
    transitions did not halve the channels first, fails it; so does a 5.10 table missing a layer."""
    from chapter5.engine.verify import EXPECTED, check_output, densenet_shapes, with_batch_norm
    halving = '\n'.join('x output shape: (1, %s)' % s for s in [
        '64, 48, 48', '64, 48, 48', '64, 48, 48', '64, 24, 24', '192, 24, 24', '96, 12, 12', '224, 12, 12',
        '112, 6, 6', '240, 6, 6', '120, 3, 3', '248, 3, 3', '248, 3, 3', '248, 3, 3', '248, 1, 1', '10'])
    assert densenet_shapes().search(' '.join(halving.split()))
    not_halving = halving.replace('(1, 96, 12, 12)', '(1, 192, 12, 12)')
    assert not densenet_shapes().search(' '.join(not_halving.split()))
    assert densenet_shapes(convs=(4, 4, 4, 4)).pattern != densenet_shapes(growth_rate=16).pattern
    table = with_batch_norm(EXPECTED['5.5'][0][1])
    assert table.count('batchnorm') == 4 and 'sigmoid3 output shape: (1, 84)' in table
    results = check_output('5.10', 'lenet_bn_scratch():' + table.replace('sigmoid1', 'relu1'))
    assert [ok for *_, ok in results] == [False, False]


def test_every_check_names_its_source():
    from chapter5.engine.verify import EXPECTED, SOURCES
    assert set(SOURCES) == set(EXPECTED)
    for section, checks in EXPECTED.items():
        assert len(SOURCES[section]) == len(checks), section
        assert all(s in ('notes', 'book') or s.startswith('formula') for s in SOURCES[section])


def test_verify_reports_a_mismatch():
    from chapter5.engine.verify import check_output
    results = check_output('5.2', '(7, 7)')
    assert results[0][3] is False and '(7, 7)' in results[0][2]


def test_unknown_section_exits_2_with_the_list():
    for args in (['run', '5.13'], ['verify', 'nope']):
        code, _, err = run_module('chapter5', *args)
        assert code == 2
        assert "unknown section" in err and '5.1, 5.2' in err and '5.12' in err


def test_a_damaged_dataset_stops_training_commands_with_the_message_alone(tmp_path):
    """The book's folder (~/.mxnet/datasets/fashion-mnist) comes first; its training images cut short."""
    import os
    import subprocess
    import sys
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
