"""chapter5.engine.training_check: a finished run of a book recipe against the book's band."""
from chapter5.engine.training_check import check_training


def test_check_training_fails_a_run_below_the_band():
    from chapter5.utils import EpochResult
    what, expected, got, ok = check_training('lenet', [EpochResult(5, 0.9, 0.6, 0.61, 1.0)])
    assert not ok and got == '0.610' and expected.startswith('>= 0.704')
