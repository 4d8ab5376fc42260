"""Every conclusion an exercise answer prints follows from the numbers of that run: each verdict is fed
both outcomes (or more) and its sentence must change with them."""
import pytest

from chapter5.exercises import alexnet, batch_norm, googlenet, nin, padding_and_strides, vgg
from chapter5.exercises.common import higher


def test_higher_names_the_leader_or_a_level_finish():
    assert higher({'a': 0.8, 'b': 0.7}) == 'a 领先 b（测试准确率 0.800 对 0.700）'
    assert higher({'a': 0.7, 'b': 0.8}).startswith('b 领先 a')
    assert higher({'a': 0.80, 'b': 0.79}, within=0.02).startswith('a 与 b 持平')


def test_more_epochs_follows_the_trends_and_the_gap():
    climbing = alexnet.verdict_more_epochs([0.6, 0.7, 0.75], [0.85, 0.88, 0.89], 0.95)
    assert 'LeNet在最后两个迭代周期里仍在上升' in climbing
    assert 'small_alexnet在最后两个迭代周期里仍在上升' in climbing
    assert 'small_alexnet 领先 LeNet' in climbing and '（过拟合）' in climbing
    flat = alexnet.verdict_more_epochs([0.80, 0.81, 0.80], [0.70, 0.70, 0.70], 0.69)
    assert 'LeNet在最后两个迭代周期里已趋于平稳' in flat and 'LeNet 领先 small_alexnet' in flat
    assert '还没有过拟合' in flat and '训练准确率比测试准确率低 0.010' in flat
    assert alexnet.verdict_more_epochs([0.3], [0.5], 0.5).startswith('1 个迭代周期看不出趋势')


def test_simplify_says_faster_and_whether_accuracy_dropped():
    good = alexnet.verdict_simplify(40.0, 0.88, 0.867, epochs=5)
    assert '是AlexNet的 40 倍' in good and '没有明显下降' in good
    bad = alexnet.verdict_simplify(1.1, 0.80, 0.867, epochs=5)
    assert '并不比AlexNet快（1.10 倍）' in bad and '低 0.067' in bad and '明显下降' in bad
    assert '没有明显下降' not in bad
    assert '不能与书中5个迭代周期' in alexnet.verdict_simplify(40.0, 0.5, 0.867, epochs=1)


def test_batch_size_reads_the_trends_off_the_rows():
    sizes = [32, 128, 512]
    falls = alexnet.verdict_batch_size(sizes, [0.85, 0.80, 0.67], [60, 58, 61], [470, 530, 750])
    assert '测试准确率下降' in falls and '峰值内存增长' in falls and '相差不超过 5%' in falls
    mixed = alexnet.verdict_batch_size(sizes, [0.80, 0.85, 0.67], [20, 40, 80], [470, 460, 750])
    assert '测试准确率没有单调变化（0.800' in mixed and '峰值内存没有单调变化' in mixed
    assert '是最快的 4.0 倍' in mixed


@pytest.mark.parametrize('accs, words', [
    ({2: 0.39, 1: 0.58}, '较浅的NiN更早开始学习'),
    ({2: 0.60, 1: 0.40}, '第二个1x1卷积层物有所值'),
    ({2: 0.50, 1: 0.505}, '分不出两者的高下'),
])
def test_one_1x1_verdict_follows_the_accuracies(accs, words):
    assert words in nin.verdict_one_1x1(accs)


def test_inception_bn_verdict_follows_the_accuracies():
    assert '22层的网络更早开始学习' in googlenet.verdict_inception_bn(0.19, 0.78)
    assert '批量归一化没有让网络更早开始学习' in googlenet.verdict_inception_bn(0.78, 0.79)
    assert '没有让网络更早' in googlenet.verdict_inception_bn(0.80, 0.60)


def test_batch_norm_verdicts_follow_their_numbers():
    assert batch_norm.verdict_bias(8e-6, 2.7e-3, 2.7e2).startswith('可以')
    assert batch_norm.verdict_bias(0.5, 1.0, 2.0).startswith('按这里的测量不行')
    allows = batch_norm.verdict_larger_lr({0.9: [0.66, 0.79], 3.0: [0.17, 0.67], 9.0: [0.10, 0.83]})
    assert allows.endswith('可以，批量归一化允许更大的学习率。') and '3.0, 9.0' in allows
    no = batch_norm.verdict_larger_lr({0.9: [0.66, 0.79], 3.0: [0.70, 0.67], 9.0: [0.10, 0.30]})
    assert no.startswith('并非在每个更大的学习率上都可以') and '在学习率 3.0 上没有领先' in no
    assert '在学习率 9.0 上测试准确率低于0.5' in no
    close = batch_norm.verdict_pair([['before', '0.30', '0.857'], ['after', '0.29', '0.878']])
    assert '持平' in close and '一次运行分不出高下' in close
    apart = batch_norm.verdict_pair([['learned', '0.30', '0.880'], ['frozen', '0.40', batch_norm.DIVERGED]])
    assert apart.startswith('learned 领先 frozen') and '超过了单个随机种子' in apart


def test_padding_answers_work_the_formula_out_from_the_numbers(monkeypatch):
    assert padding_and_strides.worked_out(8, 3, 0, 3) == 'floor((8 - 3 + 0 + 3) / 3) = 2'
    assert padding_and_strides.worked_out(8, 5, 1, 4) == 'floor((8 - 5 + 2 + 4) / 4) = 2'
    assert padding_and_strides.answer_last_example().endswith('给出 (2, 2)：两者一致。')
    monkeypatch.setattr(padding_and_strides, 'measured_shape', lambda shape, **kwargs: (3, 3))
    assert padding_and_strides.answer_last_example().endswith('给出 (3, 3)：两者不一致。')


def test_vgg_96_verdict_follows_the_measurements():
    said = vgg.verdict_96(5.1e8, 27.0, 0.60, 0.95e8, 126.0, 0.70)
    assert '乘加次数少 5.4 倍' in said and '训练速度是 4.7 倍' in said
    assert '96x96 领先 224x224' in said
    assert '224x224 领先' in vgg.verdict_96(5.1e8, 27.0, 0.75, 0.95e8, 126.0, 0.60)


def test_vgg_work_falls_with_the_pixels():
    from chapter5 import get_model
    work = {size: vgg.totals(vgg.layer_costs(get_model('vgg11_small')(), size))[1] for size in (224, 96)}
    assert 4.5 < work[224] / work[96] < 6.0  # (224 / 96)^2 = 5.4, less the first dense layer's share
