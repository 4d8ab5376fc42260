"""One worker of MXNet's parameter server (`--kvstore dist_sync`): the gradient sum and the epoch's sums.

Gluon's Trainer given a dist kvstore initialises each key at its first step (init, then pull the
weights) and at once pushes that key's gradient. MXNet 1.9 orders a push and a pull on the same
key only when they use the same array, and here they do not (the pull lands in the weights, the
push reads the gradient): the gradient can reach the server first, the server then holds the sum
of the gradients, and the pull hands that sum back as the weights. It happened in about one
two-worker LeNet run in five (11 of 52 here; loss 26.9 instead of 2.45). `DistTrainer` owns the
exchange instead: one init of every key, waited for, then each step a push and a pull through the
same private buffers, so MXNet's own dependency tracking orders them.
"""
from mxnet import gluon, nd

# the kvstore key of the epoch's training sums, summed over the workers (the parameters take 0, 1, ...)
SUMS_KEY = 999999


class DistTrainer(gluon.Trainer):
    """A gluon.Trainer whose gradients are summed over the workers of the dist kvstore `kv` before
    each (local) update, so every worker makes the same step.

    At its first step every worker takes worker 0's parameters (with the same seed they already
    agree), then the gradients go through one buffer per parameter: copy in, push, pull the sum
    into the same buffer, copy out.
    """

    def __init__(self, params, optimizer, optimizer_params, kv):
        super(DistTrainer, self).__init__(params, optimizer, optimizer_params, kvstore=None)
        self.kv, self._trained, self._keys, self._buffers = kv, None, None, None

    def _start(self):
        """Every key once (worker 0's values), waited for before any gradient is pushed."""
        self._trained = [p for p in self._params if p.grad_req != 'null']
        self._keys = list(range(len(self._trained)))
        weights = [p.data().copy() for p in self._trained]
        self.kv.init(self._keys, weights)
        self.kv.pull(self._keys, out=weights)
        nd.waitall()
        for p, w in zip(self._trained, weights):
            p.set_data(w)
        self._buffers = [p.grad().copy() for p in self._trained]

    def allreduce_grads(self):
        """Replace each parameter's gradient by its sum over the workers."""
        if self._buffers is None:
            self._start()
        for p, buf in zip(self._trained, self._buffers):
            p.grad().copyto(buf)
        self.kv.pushpull(self._keys, self._buffers, out=self._buffers)
        for p, buf in zip(self._trained, self._buffers):
            buf.copyto(p.grad())

    def step(self, batch_size, ignore_stale_grad=False):
        self.allreduce_grads()
        self.update(batch_size, ignore_stale_grad)


def sums_allreduce(kv):
    """A function summing a few numbers over the workers (the epoch's training sums), through
    SUMS_KEY; initialised here, so every worker calls this once, before training."""
    kv.init(SUMS_KEY, nd.zeros(3))

    def allreduce(numbers):
        total = nd.array(numbers)
        kv.pushpull(SUMS_KEY, total, out=total)
        return [float(x) for x in total.asnumpy()]
    return allreduce
