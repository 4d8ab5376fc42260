"""Verdicts that respect the noise: which training setup ends ahead, judged over seeds.

The rule, the same in every answer (RULE says it in Chinese): a setup (an "arm") enters a
comparison only when it was trained with at least MIN_SEEDS seeds and every one of its runs
learned (test accuracy >= LEARNED); one arm is ahead of another only when their means differ by
more than twice the larger of their standard deviations (sample sd over the seeds). Otherwise
the budget cannot tell them apart, and the answer says so.
"""
import math

LEARNED = 0.70  # a run below this test accuracy did not learn: it enters no comparison
MIN_SEEDS = 3

RULE = ('判定规则：每组至少 %d 个随机种子，每次运行的测试准确率都不低于 %.2f（学会了）才参与比较；'
        '两组的均值之差大于两者中较大标准差的两倍，才说一组领先，否则说这个预算分不出高下。'
        % (MIN_SEEDS, LEARNED))


def mean_sd(values):
    """(mean, sample standard deviation) of a list of numbers; the sd of one value is 0."""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def number(x):
    """A measured value as the sentences print it: three decimals for accuracies, whole numbers
    for larger measures (MiB, seconds)."""
    return '%.3f' % x if abs(x) < 10 else '%.0f' % x


def cell(values, digits=3):
    """'mean ± sd' of a list, as an answer's table shows it."""
    mean, sd = mean_sd(values)
    return '%.*f ± %.*f' % (digits, mean, digits, sd)


def seed_rows(arms, digits=3):
    """Table rows [arm, each seed's value, mean ± sd] of {arm: [value per seed]}."""
    return [[name, ' '.join('%.*f' % (digits, v) for v in values), cell(values, digits)]
            for name, values in arms.items()]


def unusable(name, values, accuracy=True):
    """Why an arm cannot enter a comparison (a Chinese phrase), or None when it can. `accuracy`:
    the values are test accuracies, so every run must have learned (other measures, such as memory,
    need only the seeds)."""
    if len(values) < MIN_SEEDS:
        return '%s只有 %d 个随机种子（至少要 %d 个）' % (name, len(values), MIN_SEEDS)
    if accuracy and min(values) < LEARNED:
        return '%s没有学会（最低的测试准确率 %.3f，低于 %.2f）' % (name, min(values), LEARNED)
    return None


def separated(a, b):
    """Whether the means of two lists of seeds differ by more than twice the larger sd."""
    (mean_a, sd_a), (mean_b, sd_b) = mean_sd(a), mean_sd(b)
    return abs(mean_a - mean_b) > 2 * max(sd_a, sd_b)


def pair(name_a, a, name_b, b, what='测试准确率', accuracy=True):
    """One sentence (Chinese) on two arms: whose mean `what` is higher by the rule, or that the budget
    cannot tell. `accuracy`: as unusable()."""
    reasons = [r for r in (unusable(name_a, a, accuracy), unusable(name_b, b, accuracy)) if r]
    if reasons:
        return '；'.join(reasons) + '：不作比较。'
    (mean_a, sd_a), (mean_b, sd_b) = mean_sd(a), mean_sd(b)
    diff, bound = abs(mean_a - mean_b), 2 * max(sd_a, sd_b)
    if not separated(a, b):
        return ('%s与%s的平均%s相差 %s，不超过较大标准差的两倍（%s）：这个预算分不出两者的高下。'
                % (name_a, name_b, what, number(diff), number(bound)))
    ahead, behind = (name_a, name_b) if mean_a > mean_b else (name_b, name_a)
    return ('%s的平均%s高于%s：相差 %s，超过较大标准差的两倍（%s）。'
            % (ahead, what, behind, number(diff), number(bound)))


def best(arms, what='测试准确率'):
    """Sentences (Chinese) on several arms {name: [value per seed]}: the highest mean among the arms
    that can be compared, and against each other one whether the rule separates them."""
    usable = {name: values for name, values in arms.items() if not unusable(name, values)}
    left_out = [unusable(name, values) for name, values in arms.items() if name not in usable]
    sentences = ['；'.join(left_out) + '：不参与比较。'] if left_out else []
    if len(usable) < 2:
        return ''.join(sentences) + '可比较的组不到两个：这个预算不能回答哪个最好。'
    top = max(usable, key=lambda name: mean_sd(usable[name])[0])
    beaten = [name for name in usable if name != top and separated(usable[top], usable[name])]
    tied = [name for name in usable if name != top and name not in beaten]
    sentences.append('平均%s最高的是%s（%s）。' % (what, top, cell(usable[top])))
    if beaten:
        sentences.append('它领先%s（均值之差超过较大标准差的两倍）。' % '、'.join(beaten))
    if tied:
        sentences.append('它与%s的差不超过较大标准差的两倍：这个预算分不出它们的高下。' % '、'.join(tied))
    return ''.join(sentences)
