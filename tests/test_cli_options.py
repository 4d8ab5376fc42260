"""chapter5.cli.options: each option's value is checked by its type, before anything runs."""
import argparse
import re

import pytest

from chapter5.cli import options


def parse(*argv):
    return options.build_parser().parse_args(list(argv))


def test_every_command_is_named_in_args_command():
    assert parse('train', 'lenet').command == 'train'
    args = parse('launch', '-n', '1', '--', 'chapter5', 'train', 'lenet')
    assert args.command == 'launch' and args.worker_command == ['--', 'chapter5', 'train', 'lenet']


@pytest.mark.parametrize('check, text, words', [
    (options.seed, '-1', 'outside 0 to 2**32 - 1'),
    (options.seed, 'x', "'x' is not a whole number"),
    (options.seed_list, '1,1', 'names a seed twice'),
    (options.positive(int), '0', '0 must be > 0'),
    (options.positive(float), 'fast', "'fast' is not a number"),
    (options.positive(int, zero=True), '-2', '-2 must be >= 0'),
    (options.contexts, 'tpu:0', "'tpu:0' is not a device"),
    (options.contexts, 'cpu:0,cpu:0', 'names a device twice'),
    (options.model_name, 'resnet50', "unknown model 'resnet50'"),
    (options.section, '5.13', "unknown section '5.13'"),
])
def test_a_bad_value_is_refused_by_its_type(check, text, words):
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(words)):
        check(text)


def test_good_values_pass():
    import mxnet as mx
    assert options.seed('4294967295') == 2 ** 32 - 1 and options.seed_list('0,1,2') == [0, 1, 2]
    assert options.contexts('cpu:0,cpu:1') == [mx.cpu(0), mx.cpu(1)]
    assert options.positive(int, zero=True)('0') == 0 and options.section('pooling').id == '5.4'
