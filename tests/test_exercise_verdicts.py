"""Every conclusion an exercise answer prints follows from the numbers of that run: each verdict is fed
both outcomes (or more) and its sentence must change with them."""
import pytest

from chapter5.exercises import alexnet, batch_norm, googlenet, nin, padding_and_strides, vgg
from chapter5.exercises.common import higher


def test_higher_names_the_leader_or_a_level_finish():
    assert higher({'a': 0.8, 'b': 0.7}) == 'a ends ahead of b (test acc 0.800 against 0.700)'
    assert higher({'a': 0.7, 'b': 0.8}).startswith('b ends ahead of a')
    assert higher({'a': 0.80, 'b': 0.79}, within=0.02).startswith('a and b end level')


def test_more_epochs_follows_the_trends_and_the_gap():
    climbing = alexnet.verdict_more_epochs([0.6, 0.7, 0.75], [0.85, 0.88, 0.89], 0.95)
    assert 'LeNet is still climbing' in climbing and 'small_alexnet is still climbing' in climbing
    assert 'small_alexnet ends ahead of LeNet' in climbing and 'over-fitting)' in climbing
    flat = alexnet.verdict_more_epochs([0.80, 0.81, 0.80], [0.70, 0.70, 0.70], 0.69)
    assert 'LeNet has levelled off' in flat and 'LeNet ends ahead of small_alexnet' in flat
    assert 'not over-fitting yet' in flat
    assert alexnet.verdict_more_epochs([0.3], [0.5], 0.5).startswith('1 epoch show no trend')


def test_simplify_says_faster_and_whether_accuracy_dropped():
    good = alexnet.verdict_simplify(40.0, 0.88, 0.867, epochs=5)
    assert '40 times as many images per second' in good and 'no notable drop' in good
    bad = alexnet.verdict_simplify(1.1, 0.80, 0.867, epochs=5)
    assert 'no faster than AlexNet (1.10x)' in bad and '0.067 under' in bad and 'a notable drop' in bad
    assert 'not comparable' in alexnet.verdict_simplify(40.0, 0.5, 0.867, epochs=1)


def test_batch_size_reads_the_trends_off_the_rows():
    sizes = [32, 128, 512]
    falls = alexnet.verdict_batch_size(sizes, [0.85, 0.80, 0.67], [60, 58, 61], [470, 530, 750])
    assert 'test accuracy falls' in falls and 'peak memory grows' in falls and 'within 5%' in falls
    mixed = alexnet.verdict_batch_size(sizes, [0.80, 0.85, 0.67], [20, 40, 80], [470, 460, 750])
    assert 'does not move one way (0.800' in mixed and 'memory does not move one way' in mixed
    assert '4.0 times as long' in mixed


@pytest.mark.parametrize('accs, words', [
    ({2: 0.39, 1: 0.58}, 'the shallower NiN started learning sooner'),
    ({2: 0.60, 1: 0.40}, 'the second 1x1 convolution pays for itself'),
    ({2: 0.50, 1: 0.505}, 'cannot tell them apart'),
])
def test_one_1x1_verdict_follows_the_accuracies(accs, words):
    assert words in nin.verdict_one_1x1(accs)


def test_inception_bn_verdict_follows_the_accuracies():
    assert 'started learning sooner' in googlenet.verdict_inception_bn(0.19, 0.78)
    assert 'did not make the network learn sooner' in googlenet.verdict_inception_bn(0.78, 0.79)
    assert 'did not make' in googlenet.verdict_inception_bn(0.80, 0.60)


def test_batch_norm_verdicts_follow_their_numbers():
    assert batch_norm.verdict_bias(8e-6, 2.7e-3, 2.7e2).startswith('Yes')
    assert batch_norm.verdict_bias(0.5, 1.0, 2.0).startswith('Not as measured here')
    allows = batch_norm.verdict_larger_lr({0.9: [0.66, 0.79], 3.0: [0.17, 0.67], 9.0: [0.10, 0.83]})
    assert allows.endswith('yes, batch norm allows larger learning rates.') and '3.0, 9.0' in allows
    no = batch_norm.verdict_larger_lr({0.9: [0.66, 0.79], 3.0: [0.70, 0.67], 9.0: [0.10, 0.30]})
    assert no.startswith('Not at every larger rate') and 'not ahead at lr 3.0' in no
    assert 'under 0.5 test acc at lr 9.0' in no
    close = batch_norm.verdict_pair([['before', '0.30', '0.857'], ['after', '0.29', '0.878']])
    assert 'end level' in close and 'does not rank them' in close
    apart = batch_norm.verdict_pair([['learned', '0.30', '0.880'], ['frozen', '0.40', 'diverged']])
    assert apart.startswith('learned ends ahead of frozen') and 'more than the swing' in apart


def test_padding_answers_work_the_formula_out_from_the_numbers(monkeypatch):
    assert padding_and_strides.worked_out(8, 3, 0, 3) == 'floor((8 - 3 + 0 + 3) / 3) = 2'
    assert padding_and_strides.worked_out(8, 5, 1, 4) == 'floor((8 - 5 + 2 + 4) / 4) = 2'
    assert padding_and_strides.answer_last_example().endswith('gives (2, 2): they agree.')
    monkeypatch.setattr(padding_and_strides, 'measured_shape', lambda shape, **kwargs: (3, 3))
    assert padding_and_strides.answer_last_example().endswith('gives (3, 3): they DISAGREE.')


def test_vgg_96_verdict_follows_the_measurements():
    said = vgg.verdict_96(5.1e8, 27.0, 0.60, 0.95e8, 126.0, 0.70)
    assert 'costs 5.4 times fewer multiply-adds' in said and 'trains 4.7 times as fast' in said
    assert '96x96 ends ahead of 224x224' in said
    assert '224x224 ends ahead' in vgg.verdict_96(5.1e8, 27.0, 0.75, 0.95e8, 126.0, 0.60)


def test_vgg_work_falls_with_the_pixels():
    from chapter5 import get_model
    work = {size: vgg.totals(vgg.layer_costs(get_model('vgg11_small')(), size))[1] for size in (224, 96)}
    assert 4.5 < work[224] / work[96] < 6.0  # (224 / 96)^2 = 5.4, less the first dense layer's share
