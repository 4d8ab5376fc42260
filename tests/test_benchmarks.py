"""The benchmarks' verdicts follow from the numbers they measure (benchmarks/common.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'benchmarks'))
from common import same_log, verdict  # noqa: E402


def test_verdict_follows_the_ratio():
    assert verdict(3.2, 3.0) == 'met' and verdict(3.0, 3.0) == 'met'
    assert verdict(2.31, 3.0) == 'NOT met' and verdict(0.85, 1.0) == 'NOT met'


def test_same_log_compares_the_epoch_lines_but_their_times():
    a = ['training on cpu(0)', 'epoch 1, loss 2.3195, train acc 0.101, test acc 0.168, time 9.1 sec']
    b = ['training on cpu(0)', 'epoch 1, loss 2.3195, train acc 0.101, test acc 0.168, time 3.4 sec']
    c = ['training on cpu(0)', 'epoch 1, loss 2.3196, train acc 0.101, test acc 0.168, time 3.4 sec']
    assert same_log(a, b) and not same_log(a, c)
    assert not same_log(['training on cpu(0)'], ['training on cpu(0)'])  # no epochs: nothing to agree on
