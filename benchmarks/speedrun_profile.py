"""Where a speedrun's training step spends its time: MXNet's own profiler over the plan's training
batches (each operator's forward and backward milliseconds per batch), beside the multiply-adds of
the network's convolutions at each feature-map size (counted from the shapes, not timed).

The profiler's operator times add up the work the engine ran; the wall time per batch is printed
beside them (what they leave out is Python, the augmentation and waiting). Measured in a fresh
process with every core, after a warm-up pass; the profiler's own bookkeeping slows a step a little.

    python benchmarks/speedrun_profile.py [--target 0.945] [--batches N]
"""
import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402
from speedrun import warmed_up  # noqa: E402

BACKWARD = '_backward_'


def by_operator(stats, batches):
    """{operator: [forward ms, backward ms] per batch} from the profiler's JSON stats (`dumps`), the
    backward of an operator (`_backward_X`) counted under X; the engine's own bookkeeping left out."""
    ops = {}
    for name, row in stats['Time'].get('operator', {}).items():
        if name in ('WaitForVar', 'DeleteVariable'):
            continue
        backward = name.startswith(BACKWARD)
        base = name[len(BACKWARD):] if backward else name
        ops.setdefault(base, [0.0, 0.0])[backward] += row['Total'] / batches
    return ops


def stage_macs(net, shape):
    """{(height, width): multiply-adds per image} of `net`'s Conv2D and Dense layers, by the size of
    the feature map each one writes, counted from a forward pass of one zero image of `shape`."""
    import mxnet as mx
    from mxnet.gluon import nn
    counts = {}

    def hook(block, inputs, output):
        weight = block.weight.data()
        per_output = weight.size // weight.shape[0]  # in-channels / groups x kernel area, or in-units
        size = tuple(output.shape[2:]) or (1, 1)
        counts[size] = counts.get(size, 0) + per_output * output.size // output.shape[0]

    handles = []
    net.apply(lambda b: handles.append(b.register_forward_hook(hook)) if isinstance(b, (nn.Conv2D, nn.Dense))
              else None)  # Gluon's apply: every block inside, and the net itself
    net(mx.nd.zeros((1,) + tuple(shape)))
    for h in handles:
        h.detach()
    return counts


def child_profile(target, batches):
    plan, net, epoch = warmed_up(target, batches)  # every core set before MXNet is imported
    from mxnet import profiler
    with tempfile.TemporaryDirectory() as tmp:
        profiler.set_config(profile_all=True, aggregate_stats=True, filename=os.path.join(tmp, 'p.json'))
        profiler.set_state('run')
        start = time.time()
        epoch()
        wall = time.time() - start
        profiler.set_state('stop')
        stats = json.loads(profiler.dumps(format='json'))
    macs = {'%dx%d' % size: n for size, n in stage_macs(net, (1, 28, 28)).items()}
    print(json.dumps({'ops': by_operator(stats, batches), 'wall_ms': 1000 * wall / batches, 'macs': macs,
                      'batch_size': plan.batch_size, 'model': plan.model}))


def report(result):
    """The printed lines of one profile (a child's JSON result)."""
    ops, wall = result['ops'], result['wall_ms']
    total = sum(f + b for f, b in ops.values())
    lines = ['%s: %.1f ms a batch of %d on the wall, the operators %.1f ms of it (%.0f%%)'
             % (result['model'], wall, result['batch_size'], total, 100 * total / wall),
             '  %-28s %9s %9s %7s' % ('operator', 'fwd ms', 'bwd ms', 'share')]
    for name, (f, b) in sorted(ops.items(), key=lambda kv: -sum(kv[1]))[:12]:
        lines.append('  %-28s %9.2f %9.2f %6.1f%%' % (name, f, b, 100 * (f + b) / total))
    macs = result['macs']
    all_macs = sum(macs.values())
    lines.append('  multiply-adds per image: %.1f M; by feature-map size: %s' % (all_macs / 1e6, ', '.join(
        '%s %.0f%%' % (size, 100 * n / all_macs) for size, n in macs.items())))
    gflops = 3 * 2 * all_macs * result['batch_size'] / (wall / 1000) / 1e9  # forward + 2 x backward
    lines.append('  the convolutions and dense layers at this speed: %.0f GFLOP/s (forward and backward, '
                 'counted as 3x the forward)' % gflops)
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--target', type=float, default=0.945, help='the plan to profile (0.93 or 0.945)')
    parser.add_argument('--batches', type=int, default=40, help='profiled batches (after as many warm-up)')
    parser.add_argument('--child', nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_profile(float(args.child[0]), args.batches)
    print('where a speedrun step\'s time goes (%d batches, MXNet\'s profiler); %s'
          % (args.batches, machine()))
    print('\n'.join(report(run_child(__file__, args.target, '--batches', args.batches)[0])))


if __name__ == '__main__':
    main()
