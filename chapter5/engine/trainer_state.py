"""A trainer's state as data, never code: what Gluon's own state file keeps, in a form that runs nothing.

Gluon keeps a trainer's state as a Python pickle, and reading a pickle can run any code: a run
folder's `states` file could do so on `--resume`, and run folders are shared (results/ is committed;
people copy them). A checkpoint keeps instead:

    optimizer.json   the optimizer's kind and counters (num_update, each parameter's update count
                     per device) and which arrays hold each parameter's state, per updater
    optimizer.nd     those arrays (momentum buffers, ...), in MXNet's own NDArray file format
                     (nd.save / nd.load: shapes, types and numbers only)

The optimizer's settings (learning rate, ...) are the recipe's, which a resume must match. Reading
these files runs nothing. Loading reaches into the Trainer's updaters (`_updaters`, `_kvstore`),
MXNet 1.9.1's own attributes: this project pins that version.
"""
import json
import os

FORMAT = 1


def keeps_no_state(trainer):
    """Whether the trainer's optimizer keeps nothing between steps that a resume needs: plain SGD at a
    constant rate (no momentum, no schedule, one precision), as every recipe of the engine before
    2026-11-29 was (recipes.sgd); its state per parameter is empty."""
    optimizer = trainer._optimizer
    return type(optimizer).__name__ == 'SGD' and not optimizer.momentum and \
        optimizer.lr_scheduler is None and not optimizer.multi_precision


def updaters(trainer):
    """The trainer's updaters (one per device, or the kvstore's one), made if not yet."""
    if not trainer._kv_initialized:
        trainer._init_kvstore()
    if trainer._params_to_init:
        trainer._init_params()
    if trainer._update_on_kvstore:
        return [trainer._kvstore._updater]
    return trainer._updaters


def _layout(state, key, arrays):
    """A state (None, an NDArray, or a tuple of them) as JSON, its arrays put in `arrays` by key."""
    if state is None:
        return None
    if isinstance(state, (list, tuple)):
        return [_layout(part, '%s.%d' % (key, j), arrays) for j, part in enumerate(state)]
    arrays[key] = state
    return key


def _rebuild(layout, arrays):
    if layout is None:
        return None
    if isinstance(layout, list):
        return tuple(_rebuild(part, arrays) for part in layout)
    return arrays[layout]


def save(trainer, json_path, arrays_path):
    """Write the trainer's state to `json_path` (counters, layout) and `arrays_path` (nd.save)."""
    from mxnet import nd
    found = updaters(trainer)
    optimizer = found[0].optimizer
    arrays = {}
    layouts = [{str(i): _layout(s, 'u%d.%d' % (k, i), arrays) for i, s in u.states.items()}
               for k, u in enumerate(found)]
    meta = {'format': FORMAT, 'optimizer': type(optimizer).__name__, 'num_update': optimizer.num_update,
            'update_counts': {str(device): {str(i): n for i, n in counts.items()}
                              for device, counts in optimizer._all_index_update_counts.items()},
            'states': layouts}
    with open(json_path, 'w') as f:
        json.dump(meta, f, indent=1)
    nd.save(arrays_path, arrays)


def check_shapes(states, trainer, json_path):
    """ValueError where a state's arrays are not shaped as the parameter they belong to (momentum, and
    each array of the optimizers MXNet has, is): the state of parameters in another order. Gluon's
    Trainer orders the parameters by name, so a network whose layers were numbered otherwise (built
    after another in the same process) orders them otherwise."""
    from mxnet import nd
    for i, state in states.items():
        parts = state if isinstance(state, tuple) else (state,)
        shape = trainer._params[i].shape if 0 <= i < len(trainer._params) else None
        if any(isinstance(p, nd.NDArray) and p.shape != shape for p in parts):
            raise ValueError('%s holds the state of parameters in another order (state %d is shaped %s, '
                             'the parameter %s)' % (json_path, i, parts[0].shape, shape))


def load(trainer, json_path, arrays_path):
    """Give the trainer the state `save` wrote; ValueError (saying what) where it does not fit."""
    from mxnet import nd
    with open(json_path) as f:
        meta = json.load(f)
    found = updaters(trainer)
    optimizer = found[0].optimizer
    if meta.get('format') != FORMAT or meta.get('optimizer') != type(optimizer).__name__ or \
            len(meta.get('states', [])) != len(found):
        raise ValueError('%s holds the state of another trainer (%s, %d updaters; this one: %s, %d)'
                         % (json_path, meta.get('optimizer'), len(meta.get('states', [])),
                            type(optimizer).__name__, len(found)))
    arrays = nd.load(arrays_path) if os.path.getsize(arrays_path) else {}
    arrays = arrays if isinstance(arrays, dict) else {}
    for updater, layout in zip(found, meta['states']):
        updater.states = {int(i): _rebuild(part, arrays) for i, part in layout.items()}
        check_shapes(updater.states, trainer, json_path)
        updater.states_synced = dict.fromkeys(updater.states, False)  # moved to their device at use
    optimizer.num_update = int(meta['num_update'])
    optimizer._all_index_update_counts = {int(d): {int(i): int(n) for i, n in counts.items()}
                                          for d, counts in meta['update_counts'].items()}
    optimizer._index_update_count = optimizer._all_index_update_counts.setdefault(0, {})
