"""Helpers for the notebooks: plot a training run.

matplotlib is imported only when it is called.
"""


def plot_history(history, title=None):
    """Loss and train/test accuracy per epoch of a `train_ch5` run, side by side."""
    import matplotlib.pyplot as plt
    epochs = [r.epoch for r in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(8, 3))
    ax_loss.plot(epochs, [r.loss for r in history], 'o-')
    ax_loss.set(xlabel='epoch', ylabel='loss', title='training loss')
    ax_acc.plot(epochs, [r.train_acc for r in history], 'o-', label='train acc')
    ax_acc.plot(epochs, [r.test_acc for r in history], 's--', label='test acc')
    ax_acc.set(xlabel='epoch', ylabel='accuracy', title='accuracy')
    ax_acc.legend()
    for ax in (ax_loss, ax_acc):
        ax.set_xticks(epochs)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
