"""Seeds: one call seeds every random generator a run draws from, and a run reseeds each epoch.

With a seed, each epoch starts by seeding MXNet, numpy and Python with seed + epoch, so a run
stopped at any moment and resumed repeats the uninterrupted run's epochs (chapter5.engine.reproduce).
"""
import random


def seed_everything(seed):
    """Seed MXNet, numpy and Python's random."""
    import mxnet as mx
    import numpy as np
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def epoch_seeder(seed):
    """What reseeds each epoch with seed + epoch (an `epoch_start` for the loop), or None without a seed."""
    return None if seed is None else lambda epoch: seed_everything(seed + epoch)
