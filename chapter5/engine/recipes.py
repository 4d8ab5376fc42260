"""The book's recipes, ready to train: model name -> network, trainer and loaders."""
from mxnet import gluon, init

from chapter5 import get_model
from chapter5.engine.loader import book_loaders, fast_loaders

# MXNet's multi-tensor SGD update takes at most this many parameters per call
MULTI_SGD_MAX = 60


def sgd(lr, book_path):
    """The recipe's optimizer: plain SGD at `lr`. On the engine's path, MXNet's multi-tensor update
    takes as many parameters per call as it can (MXNet's default is 4: a ResNet-18 step made 16
    update calls); each parameter's update is the same arithmetic either way."""
    if book_path:
        return 'sgd', {'learning_rate': lr}
    from mxnet import optimizer
    aggregated = optimizer.SGD(learning_rate=lr)
    aggregated.aggregate_num = MULTI_SGD_MAX
    return aggregated, None


def prepare(name, *, num_epochs=None, lr=None, batch_size=None, resize=None, ctx=None, root=None,
            num_train=None, num_test=None, book_path=False, kvstore=None):
    """What the recipe of model `name` trains with: a dict of train_ch5's seven arguments and
    `recipe`, the recipe as trained (lr, batch_size, resize, num_epochs, num_train, num_test).

    Any keyword given replaces that part of the book's recipe (`resize=0` for
    none); `num_train` / `num_test` keep the first examples only; `book_path`
    takes the book's DataLoaders instead of the in-memory ones. The network is
    initialised with Xavier (drawn at its first forward pass).

    `ctx` may be a list of contexts (data parallel on one machine: the network on each, the
    gradients summed by the trainer's 'device' kvstore). `kvstore='dist_sync'` (or another
    dist_* type) trains as one worker of MXNet's parameter server (the DMLC_* variables that
    `chapter5 launch` sets): each worker's loader yields its part of every global batch, the
    server sums the gradients (each worker then makes the same step), and the result carries
    `allreduce` (the training sums over the workers), `evaluate` and `chief` (worker 0 only).
    """
    from chapter5.utils import try_gpu
    builder = get_model(name)
    recipe = builder.recipe
    lr = recipe.lr if lr is None else lr
    batch_size = batch_size or recipe.batch_size
    resize = recipe.resize if resize is None else resize
    ctx = ctx or try_gpu()
    net = builder()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer, shard, extra = trainer_for(net, lr, book_path, kvstore)
    if book_path:
        train_iter, test_iter = book_loaders(batch_size, resize, root, num_train, num_test)
    else:
        train_iter, test_iter = fast_loaders(batch_size, resize, root, num_train, num_test, shard=shard)
    num_epochs = num_epochs or recipe.num_epochs
    return dict(net=net, train_iter=train_iter, test_iter=test_iter, batch_size=batch_size,
                trainer=trainer, ctx=ctx, num_epochs=num_epochs, **extra,
                recipe=dict(lr=lr, batch_size=batch_size, resize=resize or None, num_epochs=num_epochs,
                            num_train=num_train, num_test=num_test))


def trainer_for(net, lr, book_path, kvstore):
    """(trainer, shard, extra) for prepare: a Gluon trainer (on `kvstore` if given), or for a dist_*
    kvstore one worker's DistTrainer with its shard (rank, workers) of every batch and the
    `allreduce` / `evaluate` that prepare's result then carries."""
    if not (kvstore and kvstore.startswith('dist')):
        trainer = gluon.Trainer(net.collect_params(), *sgd(lr, book_path),
                                **({'kvstore': kvstore} if kvstore else {}))
        return trainer, None, {}
    import mxnet as mx

    from chapter5.engine.dist import DistTrainer, sums_allreduce
    kv = mx.kv.create(kvstore)
    trainer = DistTrainer(net.collect_params(), *sgd(lr, book_path), kv)
    return trainer, (kv.rank, kv.num_workers), dict(allreduce=sums_allreduce(kv), evaluate=kv.rank == 0)


def min_input_size(name, largest=512):
    """The smallest height and width of an input that model `name`'s layers can take (shape inference)."""
    import contextlib
    import io

    import mxnet as mx
    from mxnet import nd
    for size in range(1, largest + 1):
        net = get_model(name)()
        net.initialize()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # MXNet prints the failed shape inference
                net(nd.zeros((1, 1, size, size)))
            return size
        except (ValueError, mx.base.MXNetError):  # a layer cannot take this size
            continue
    raise ValueError('%s takes no input up to %dx%d' % (name, largest, largest))


def train_recipe(name, *, book_path=False, seed=None, **overrides):
    """Train model `name` with the book's recipe (see `prepare`); returns the per-epoch results.

    The engine's loop by default; `book_path=True` trains with the book's own
    harness, `chapter5.utils.train_ch5`, on the book's loaders. `seed` seeds MXNet,
    numpy and Python before the network is made and, on the engine's loop, again
    with seed + epoch before each epoch, as `chapter5 reproduce` does (train_ch5
    has no hook between epochs: seeded once).
    """
    from chapter5.engine.loop import train
    from chapter5.engine.seeds import epoch_seeder, seed_everything
    from chapter5.utils import train_ch5
    if seed is not None:
        seed_everything(seed)
    args = prepare(name, book_path=book_path, **overrides)
    del args['recipe']
    if book_path:
        return train_ch5(**args)
    return train(**args, epoch_start=epoch_seeder(seed))
