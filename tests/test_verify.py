"""chapter5.verify: the checker of the documented printouts (the CLI's `verify` is in test_cli.py)."""
from chapter5.verify import check_output
from chapter5.verify.expected import EXPECTED, densenet_shapes, with_batch_norm


def test_verify_reports_a_mismatch():
    results = check_output('5.2', '(7, 7)')
    assert results[0][3] is False and '(7, 7)' in results[0][2]


def test_the_formula_checks_fail_on_another_network():
    """5.12's table is worked out from the notes' numbers: the book's January 2019 network, whose
    transitions did not halve the channels first, fails it; so does a 5.10 table missing a layer."""
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


def test_a_printout_must_be_whole_lines_not_part_of_one():
    """5.2's first check is the line '(8, 8)': a line that only contains it, or an expectation found
    only inside a later line, does not pass; white space within a line is folded."""
    assert check_output('5.2', '(8,  8)\n(8, 8)\n(4, 4)\n(2, 2)\n')[0][3] is True
    assert [ok for *_, ok in check_output('5.2', 'shape (8, 8) of X\n(8, 8)\n(4, 4)\n(2, 2)\n')] == \
        [True, False, True, True]  # the one whole '(8, 8)' is the first check's; there is no second
    assert check_output('5.2', 'Y.shape is (8, 8)\n')[0][3] is False
