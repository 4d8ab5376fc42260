"""Benchmark 5: training throughput with MXNet's own thread count against every core.

MXNet 1.9.1 on x86 starts half as many OpenMP threads as there are CPUs unless
OMP_NUM_THREADS is set; the engine's `use_every_core()` sets it to the physical
cores before MXNet loads, and its loop runs the Python thread on one
(chapter5.engine.threads). Each model trains on the fast path at its cpu-profile
input size, in two fresh processes with no OMP_NUM_THREADS of their own: one with
MXNet's default, the other after `use_every_core()`. A measurement is one warm-up
epoch and one timed epoch of `--batches` batches.

    python benchmarks/cores.py [MODEL ...] [--batches N]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402

MODELS = ('lenet', 'lenet_bn', 'lenet_bn_scratch', 'nin', 'googlenet', 'resnet18', 'densenet')
LENETS = ('lenet', 'lenet_bn', 'lenet_bn_scratch')  # 28x28: 40 timed batches by default, 4 for the rest


def child(name, threads, batches):
    import contextlib
    import io

    from chapter5.engine.threads import use_every_core
    if threads == 'every-core':
        use_every_core()
    from chapter5 import get_model
    from chapter5.engine.recipes import train_recipe
    from chapter5.engine.reproduce import profile_overrides
    recipe, overrides = get_model(name).recipe, profile_overrides(name, 'cpu')
    with contextlib.redirect_stdout(io.StringIO()):
        history = train_recipe(name, num_epochs=2, num_train=batches * recipe.batch_size,
                               num_test=recipe.batch_size, **overrides)
    print(json.dumps({'img_per_s': batches * recipe.batch_size / history[1].seconds,
                      'input': overrides.get('resize', recipe.resize) or 28, 'batch': recipe.batch_size,
                      'threads': os.environ.get('OMP_NUM_THREADS', 'MXNet default')}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('models', nargs='*', metavar='MODEL', help='default: %s' % ', '.join(MODELS))
    parser.add_argument('--batches', type=int, help='timed batches per measurement (default: 40 for the '
                        'LeNets, whose batches take milliseconds, 4 for the others)')
    parser.add_argument('--child', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child, args.batches)
    import chapter5
    from chapter5.engine.threads import THREAD_SETTINGS, physical_cores
    unknown = set(args.models) - set(chapter5.MODELS)
    if unknown:
        parser.error('unknown models %s; valid: %s' % (sorted(unknown), ', '.join(chapter5.MODELS)))
    env = {k: v for k, v in os.environ.items() if k not in THREAD_SETTINGS}
    print('fast-path training throughput, MXNet default threads against every core (%s physical); %s'
          % (physical_cores(), machine()))
    print('%-17s %5s %5s | %13s %13s %8s' % ('model', 'input', 'batch', 'default img/s', 'all img/s',
                                              'all/default'))
    for name in args.models or MODELS:
        batches = args.batches or (40 if name in LENETS else 4)
        default, _, _ = run_child(__file__, name, 'default', '--batches', batches, env=env)
        every, _, _ = run_child(__file__, name, 'every-core', '--batches', batches, env=env)
        print('%-17s %5d %5d | %13.1f %13.1f %7.2fx   (threads: %s)' % (
            name, every['input'], every['batch'], default['img_per_s'], every['img_per_s'],
            every['img_per_s'] / default['img_per_s'], every['threads']), flush=True)


if __name__ == '__main__':
    main()
