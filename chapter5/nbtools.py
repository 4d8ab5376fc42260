"""Helpers for the notebooks: show a definition's source, plot a training run.

IPython and matplotlib are imported only when these are called.
"""
import inspect


def show_source(*objects):
    """Display the source of functions or classes of the package, as the notes print them."""
    from IPython.display import Code, display
    for obj in objects:
        display(Code(inspect.getsource(obj), language='python'))


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
