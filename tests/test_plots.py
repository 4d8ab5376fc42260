"""The figure of a run (chapter5/plots.py): Chinese labels where matplotlib has a Chinese font,
English ones (and no Chinese title) where it has none, never empty boxes."""
import matplotlib
import pytest

matplotlib.use('Agg')

from chapter5 import plots  # noqa: E402
from chapter5.utils import EpochResult  # noqa: E402

HISTORY = [EpochResult(1, 0.9, 0.6, 0.7, 1.0), EpochResult(2, 0.5, 0.8, 0.82, 1.0)]


def texts(fig):
    return [ax.get_title() for ax in fig.axes] + [ax.get_xlabel() for ax in fig.axes] + \
        [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]


@pytest.mark.filterwarnings('ignore:Glyph')  # the font is pretended: matplotlib warns of glyphs
def test_chinese_labels_with_a_chinese_font(monkeypatch):
    monkeypatch.setattr(plots, 'cjk_font', lambda: 'WenQuanYi Micro Hei')
    fig = plots.plot_history(HISTORY, '使用nn.BatchNorm的LeNet')
    assert '训练损失' in texts(fig) and '测试准确率' in texts(fig) and '迭代周期' in texts(fig)
    assert fig._suptitle.get_text() == '使用nn.BatchNorm的LeNet'
    assert list(fig.axes[1].lines[1].get_ydata()) == [0.7, 0.82]  # the test accuracies, plotted


def test_english_labels_and_no_chinese_title_without_one(monkeypatch):
    monkeypatch.setattr(plots, 'cjk_font', lambda: None)
    fig = plots.plot_history(HISTORY, '使用nn.BatchNorm的LeNet')
    assert 'training loss' in texts(fig) and 'test acc' in texts(fig) and fig._suptitle is None
    assert plots.plot_history(HISTORY, 'lenet (book profile)')._suptitle.get_text() == 'lenet (book profile)'
