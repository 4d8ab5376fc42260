"""判定规则：哪种训练做法领先，按几个随机种子来判断，尊重噪声。

每个答案用同一条规则（RULE 是它的中文说法）：一种做法（一“组”）至少用 MIN_SEEDS 个随机种子训练，
而且每次运行都学会了（测试准确率 >= LEARNED），才参与比较；两组的均值之差大于两者中较大的标准差（各种子的
样本标准差）的两倍，才说一组领先。否则这个预算分不出两者的高下，答案就这么说。"""
import math

LEARNED = 0.70  # 测试准确率低于它的运行没有学会：不参与任何比较
MIN_SEEDS = 3

RULE = ('判定规则：每组至少 %d 个随机种子，每次运行的测试准确率都不低于 %.2f（学会了）才参与比较；'
        '两组的均值之差大于两者中较大标准差的两倍，才说一组领先，否则说这个预算分不出高下。'
        % (MIN_SEEDS, LEARNED))


def mean_sd(values):
    """一组数的（均值，样本标准差）；只有一个数时标准差为0。"""
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def number(x):
    """句子里打印测得值的方式：准确率保留三位小数，更大的量（MiB、秒）取整数。"""
    return '%.3f' % x if abs(x) < 10 else '%.0f' % x


def cell(values, digits=3):
    """一组数的“均值 ± 标准差”，答案的表格这样显示。"""
    mean, sd = mean_sd(values)
    return '%.*f ± %.*f' % (digits, mean, digits, sd)


def seed_rows(arms, digits=3):
    """{组: [每个种子的值]} 的表格行：[组, 每个种子的值, 均值 ± 标准差]。"""
    return [[name, ' '.join('%.*f' % (digits, v) for v in values), cell(values, digits)]
            for name, values in arms.items()]


def unusable(name, values, accuracy=True):
    """一组为什么不能参与比较（一个中文短语），能参与时返回 None。`accuracy`：这些值是测试准确率，
    所以每次运行都必须学会了（其他量，比如内存，只要求种子数）。"""
    if len(values) < MIN_SEEDS:
        return '%s只有 %d 个随机种子（至少要 %d 个）' % (name, len(values), MIN_SEEDS)
    if accuracy and min(values) < LEARNED:
        return '%s没有学会（最低的测试准确率 %.3f，低于 %.2f）' % (name, min(values), LEARNED)
    return None


def separated(a, b):
    """两组种子的均值之差是否大于较大标准差的两倍。"""
    (mean_a, sd_a), (mean_b, sd_b) = mean_sd(a), mean_sd(b)
    return abs(mean_a - mean_b) > 2 * max(sd_a, sd_b)


def pair(name_a, a, name_b, b, what='测试准确率', accuracy=True):
    """关于两组的一句话（中文）：按规则谁的平均 `what` 更高，或者这个预算分不出高下。`accuracy`：同
    unusable()。"""
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
    """关于几组 {名字: [每个种子的值]} 的几句话（中文）：能比较的组里均值最高的是哪一组，
    以及按规则它与其他每一组是否分得开。"""
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
