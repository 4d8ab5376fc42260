"""Benchmark 4: the fast path's training throughput here against another commit's, model by model.

For a change that should not cost speed: REV is checked out into a temporary git worktree, and
each model's throughput.py measurement (one warm-up epoch, one timed epoch of `--batches`
batches, in a fresh process) runs there and here in turn, `--rounds` times, the first of the two
alternating from round to round, so that a drifting machine or the order favours neither.
Printed: img/s of each (median of the rounds) and the ratio here / REV.

    python benchmarks/against_commit.py REV [MODEL ...] [--rounds N] [--batches N]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LENETS = ('lenet', 'lenet_bn', 'lenet_bn_scratch')  # milliseconds per batch: 40 timed batches


def main():
    from chapter5 import MODELS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('rev', help='the commit to compare with (anything git rev-parse takes)')
    parser.add_argument('models', nargs='*', metavar='MODEL', help='default: all')
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--batches', type=int,
                        help='timed batches (default: 40 for the LeNets, 5 for the rest)')
    args = parser.parse_args()
    unknown = set(args.models) - set(MODELS)
    if unknown:
        parser.error('unknown models %s; valid: %s' % (sorted(unknown), ', '.join(MODELS)))
    commit = subprocess.run(['git', '-C', HERE, 'rev-parse', '--short', args.rev], capture_output=True,
                            text=True, check=True).stdout.strip()
    here = subprocess.run(['git', '-C', HERE, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                          text=True, check=True).stdout.strip()
    dirty = subprocess.run(['git', '-C', HERE, 'status', '--porcelain', '--', 'chapter5', 'benchmarks'],
                           capture_output=True, text=True, check=True).stdout.strip()
    print('fast-path img/s, here (%s%s) against %s; %s; %s'
          % (here, ' + uncommitted changes' if dirty else '', commit, machine(), time.strftime('%Y-%m-%d')))
    print('%-17s %12s %12s %8s' % ('model', commit + ' img/s', 'here img/s', 'here/rev'))
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, 'rev')
        subprocess.run(['git', '-C', HERE, 'worktree', 'add', '--detach', tree, commit], check=True,
                       capture_output=True)
        try:
            for name in args.models or MODELS:
                batches = args.batches or (40 if name in LENETS else 5)
                runs = {'rev': [], 'here': []}
                sides = [('rev', tree), ('here', HERE)]
                for round_ in range(args.rounds):  # who goes first alternates, so order favours neither
                    for side, root in sides[::1 if round_ % 2 == 0 else -1]:
                        env = dict(os.environ, PYTHONPATH=root)  # that tree's chapter5 first
                        script = os.path.join(root, 'benchmarks', 'throughput.py')
                        result, _, _ = run_child(script, 'fast', name, '--batches', batches, env=env)
                        runs[side].append(result['img_per_s'])
                rev, now = statistics.median(runs['rev']), statistics.median(runs['here'])
                print('%-17s %12.1f %12.1f %7.2fx' % (name, rev, now, now / rev), flush=True)
        finally:
            subprocess.run(['git', '-C', HERE, 'worktree', 'remove', '--force', tree], capture_output=True)


if __name__ == '__main__':
    main()
