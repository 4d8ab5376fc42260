"""Every conclusion an exercise answer prints follows from the numbers of that run and respects their
noise: the rule (chapter5/exercises/verdicts.py) is fed a win, a loss, a tie within the noise, an arm
that did not learn and too few seeds, and each answer's verdict its outcomes."""
import pytest

from chapter5.exercises import alexnet, batch_norm, padding_and_strides, verdicts, vgg
from chapter5.exercises.verdicts import best, cell, mean_sd, pair, separated, unusable

HIGH = [0.86, 0.87, 0.88]   # mean 0.87, sd 0.01
LOW = [0.80, 0.81, 0.82]    # mean 0.81: 0.06 below, more than 2 x 0.01
NEAR = [0.855, 0.865, 0.875]  # mean 0.865: 0.005 below, within the noise
UNLEARNED = [0.86, 0.62, 0.88]


def test_mean_and_sample_sd():
    assert mean_sd([0.86, 0.87, 0.88]) == pytest.approx((0.87, 0.01))
    assert mean_sd([0.5]) == (0.5, 0.0)
    assert cell(HIGH) == '0.870 ± 0.010'


def test_pair_names_a_winner_only_beyond_twice_the_larger_sd():
    win = pair('A', HIGH, 'B', LOW)
    assert win.startswith('A的平均测试准确率高于B') and '相差 0.060' in win and '（0.020）' in win
    loss = pair('A', LOW, 'B', HIGH)
    assert loss.startswith('B的平均测试准确率高于A')
    tie = pair('A', HIGH, 'B', NEAR)
    assert '分不出两者的高下' in tie and '高于' not in tie
    assert separated(HIGH, LOW) and not separated(HIGH, NEAR)


def test_pair_refuses_arms_that_did_not_learn_or_lack_seeds():
    unlearned = pair('A', HIGH, 'B', UNLEARNED)
    assert 'B没有学会（最低的测试准确率 0.620' in unlearned and unlearned.endswith('不作比较。')
    one_seed = pair('A', [0.95], 'B', [0.75])
    assert 'A只有 1 个随机种子' in one_seed and '高于' not in one_seed
    # memory is no accuracy: only the seeds count
    assert unusable('B', [400, 410, 420], accuracy=False) is None
    assert '高于' in pair('A', [700, 705, 710], 'B', [400, 410, 420], what='峰值内存', accuracy=False)


def test_best_ranks_the_learned_arms_and_says_which_it_cannot_separate():
    said = best({'a': LOW, 'b': HIGH, 'c': NEAR, 'd': UNLEARNED})
    assert 'd没有学会' in said and '平均测试准确率最高的是b（0.870 ± 0.010）' in said
    assert '它领先a' in said and '它与c的差不超过较大标准差的两倍' in said
    assert '不能回答哪个最好' in best({'a': HIGH, 'b': UNLEARNED})


def test_the_rule_is_stated_with_its_numbers():
    assert '%d 个随机种子' % verdicts.MIN_SEEDS in verdicts.RULE and '0.70' in verdicts.RULE


def run(test_accs, train_accs=None):
    """A kept run as common.trained returns it."""
    return {'test_acc': test_accs, 'train_acc': train_accs or test_accs, 'loss': [0.5] * len(test_accs),
            'seconds': 10.0, 'diverged': False}


def test_more_epochs_claims_a_trend_or_overfitting_only_beyond_the_noise():
    rising = {'LeNet': [run([0.6, 0.7, 0.8 + d]) for d in (0, 0.01, 0.02)],
              'small_alexnet': [run([0.85, 0.88, 0.90 + d], [0.85, 0.88, 0.95 + d]) for d in (0, 0.01, 0.02)]}
    said = alexnet.verdict_more_epochs(rising)
    assert 'LeNet在最后两个迭代周期里仍在变化' in said and 'small_alexnet的平均测试准确率高于LeNet' in said
    assert '过拟合）' in said and '还看不出' not in said
    flat = {'LeNet': [run([0.80, 0.80 + d, 0.80 - d]) for d in (0, 0.01, 0.02)],
            'small_alexnet': [run([0.9, 0.9, 0.9 + d], [0.9, 0.9, 0.9 - d]) for d in (0, 0.01, 0.02)]}
    said = alexnet.verdict_more_epochs(flat)
    assert 'LeNet在最后两个迭代周期里的变化在种子间的波动之内' in said and '还看不出过拟合' in said
    short = {'LeNet': [run([0.3])], 'small_alexnet': [run([0.5])]}
    assert alexnet.verdict_more_epochs(short).startswith('LeNet只训练了 1 个迭代周期')


def test_simplify_says_faster_and_whether_the_mean_dropped():
    good = alexnet.verdict_simplify(40.0, HIGH, 0.867, epochs=5)
    assert '是AlexNet的 40 倍' in good and '没有明显下降' in good
    bad = alexnet.verdict_simplify(1.1, LOW, 0.867, epochs=5)
    assert '并不比AlexNet快（1.10 倍）' in bad and '低 0.057' in bad and '明显下降' in bad
    assert '没有明显下降' not in bad
    assert '不能与书中5个迭代周期' in alexnet.verdict_simplify(40.0, [0.5], 0.867, epochs=1)


def test_batch_size_judges_memory_and_learned_accuracy_step_by_step():
    accs = {32: HIGH, 128: LOW, 512: [0.6, 0.65, 0.7], 2048: [0.4, 0.45, 0.5]}
    peaks = {32: [490, 492, 494], 128: [545, 547, 549], 512: [786, 790, 794], 2048: [2000, 2010, 2020]}
    said = alexnet.verdict_batch_size(accs, peaks)
    assert '批量 128的平均峰值内存高于批量 32' in said and '批量 2048的平均峰值内存高于批量 512' in said
    assert '批量 32的平均测试准确率高于批量 128' in said and '批量 512、2048 一个迭代周期后没有学会' in said
    same = alexnet.verdict_batch_size({32: HIGH, 128: NEAR}, {32: [500, 520, 540], 128: [510, 530, 550]})
    assert same.count('分不出两者的高下') == 2


def test_vgg_96_verdict_follows_the_measurements():
    said = vgg.verdict_96({224: 5.1e8, 96: 0.95e8}, {224: [27.0] * 3, 96: [126.0] * 3}, {224: LOW, 96: HIGH})
    assert '乘加次数少 5.4 倍' in said and '训练速度是 4.7 倍' in said
    assert '96x96的平均测试准确率高于224x224' in said
    assert '分不出' in vgg.verdict_96({224: 5.1e8, 96: 0.95e8}, {224: [27.0], 96: [126.0]},
                                    {224: HIGH, 96: NEAR})


def test_larger_lr_asks_that_batch_norm_learns_at_every_larger_rate():
    chance = [0.1] * 3
    allows = batch_norm.verdict_larger_lr({0.9: {'LeNet': LOW, 'BN': HIGH},
                                           3.0: {'LeNet': chance, 'BN': HIGH},
                                           9.0: {'LeNet': chance, 'BN': NEAR}})
    assert '学习率 0.9：BN的平均测试准确率高于LeNet' in allows and '学习率 3.0：只有BN每次都学会了' in allows
    assert allows.endswith('可以使用更大的学习率。')
    no = batch_norm.verdict_larger_lr({0.9: {'LeNet': LOW, 'BN': HIGH},
                                       9.0: {'LeNet': chance, 'BN': UNLEARNED}})
    assert '学习率 9.0：两个网络都没有每次都学会' in no
    assert no.endswith('并非在每个更大的学习率上都每次学会。')


def test_batch_norm_bias_verdict_follows_its_numbers():
    assert batch_norm.verdict_bias(8e-6, 2.7e-3, 2.7e2).startswith('可以')
    assert batch_norm.verdict_bias(0.5, 1.0, 2.0).startswith('按这里的测量不行')


def test_padding_answers_work_the_formula_out_from_the_numbers(monkeypatch):
    assert padding_and_strides.worked_out(8, 3, 0, 3) == 'floor((8 - 3 + 0 + 3) / 3) = 2'
    assert padding_and_strides.worked_out(8, 5, 1, 4) == 'floor((8 - 5 + 2 + 4) / 4) = 2'
    assert padding_and_strides.answer_last_example().endswith('给出 (2, 2)：两者一致。')
    monkeypatch.setattr(padding_and_strides, 'measured_shape', lambda shape, **kwargs: (3, 3))
    assert padding_and_strides.answer_last_example().endswith('给出 (3, 3)：两者不一致。')


def test_vgg_work_falls_with_the_pixels():
    from chapter5 import get_model
    work = {size: vgg.totals(vgg.layer_costs(get_model('vgg11_small')(), size))[1] for size in (224, 96)}
    assert 4.5 < work[224] / work[96] < 6.0  # (224 / 96)^2 = 5.4, less the first dense layer's share
