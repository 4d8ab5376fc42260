"""One process against MXNet's parameter server on this machine: LeNet's training images per second.

    python benchmarks/devices.py [--epochs 3] [--rounds 2]

Runs, alternately in the same command, `chapter5 train lenet` in one process (every core) and
`chapter5 launch -n 2 -s 1 -- chapter5 train lenet --kvstore dist_sync` (two workers, one core
each), both at the book's global batch of 256, and prints each one's images per second (from the
epochs after the first, as the printed epoch times give them) and the ratio. On a 2-core machine
the workers cannot gain: the ratio is the cost of splitting each batch and summing the gradients
through a server.
"""
import argparse
import re
import statistics
import subprocess
import sys

from common import machine

EPOCH = re.compile(r'epoch (\d+), loss \S+, train acc \S+, test acc \S+, time (\S+) sec')
TRAIN_IMAGES = 60000


def images_per_second(command):
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    seconds = [float(t) for epoch, t in EPOCH.findall(out) if int(epoch) > 1]  # the first compiles
    return TRAIN_IMAGES / statistics.mean(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=3)
    parser.add_argument('--rounds', type=int, default=2)
    args = parser.parse_args()
    train = [sys.executable, '-m', 'chapter5', 'train', 'lenet', '--seed', '0', '--epochs', str(args.epochs)]
    commands = {
        'one process (every core)': train,
        'launch: 2 workers, 1 server': [sys.executable, '-m', 'chapter5', 'launch', '-n', '2', '-s', '1',
                                        '--', *train, '--kvstore', 'dist_sync'],
    }
    speeds = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            speeds[name].append(images_per_second(command))
    print('LeNet, the book recipe (batch 256), %s; median of %d rounds, epochs 2-%d:'
          % (machine(), args.rounds, args.epochs))
    base = statistics.median(speeds['one process (every core)'])
    for name, values in speeds.items():
        print('  %-30s %8.0f images/s  (%.2fx one process)' % (name, statistics.median(values),
                                                              statistics.median(values) / base))


if __name__ == '__main__':
    main()
