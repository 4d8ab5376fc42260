"""The figure of a training run: loss and accuracies per epoch, with Chinese labels where a font
allows (the notebooks' figures and every run folder's curve.png).

matplotlib is imported only when called.
"""

# fonts with Chinese glyphs, in the order tried (Debian: fonts-wqy-microhei, fonts-noto-cjk)
CJK_FONTS = ('WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'SimHei')
LABELS = {
    'zh': dict(epoch='迭代周期', loss='训练损失', accuracy='准确率', train='训练准确率', test='测试准确率'),
    'en': dict(epoch='epoch', loss='training loss', accuracy='accuracy', train='train acc', test='test acc'),
}


def cjk_font():
    """The first of CJK_FONTS matplotlib has, made its sans-serif font; None when it has none."""
    import matplotlib
    from matplotlib import font_manager
    have = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in have:
            matplotlib.rcParams['font.sans-serif'] = [name] + list(matplotlib.rcParams['font.sans-serif'])
            return name
    return None


def plot_history(history, title=None):
    """Loss and train/test accuracy per epoch of a `train_ch5` run, side by side. Labels in Chinese
    when matplotlib has a Chinese font (tools/install-fonts.sh), in English otherwise, so a figure
    never shows empty boxes; a Chinese title is left out without the font."""
    import matplotlib.pyplot as plt
    chinese = cjk_font() is not None
    words = LABELS['zh' if chinese else 'en']
    epochs = [r.epoch for r in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8, 3))
    ax_loss.plot(epochs, [r.loss for r in history], 'o-')
    ax_loss.set(xlabel=words['epoch'], ylabel=words['loss'], title=words['loss'])
    ax_acc.plot(epochs, [r.train_acc for r in history], 'o-', label=words['train'])
    ax_acc.plot(epochs, [r.test_acc for r in history], 's--', label=words['test'])
    ax_acc.set(xlabel=words['epoch'], ylabel=words['accuracy'], title=words['accuracy'])
    ax_acc.legend()
    for ax in (ax_loss, ax_acc):
        ax.set_xticks(epochs)
    if title and (chinese or title.isascii()):
        fig.suptitle(title)
    fig.tight_layout()
    return fig
