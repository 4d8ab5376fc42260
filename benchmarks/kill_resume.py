"""Benchmark 6 (a fault run, not a speed one): kill a training run with SIGKILL at many random moments,
resuming each time, and check it ends with the uninterrupted run's per-epoch log.

The test suite does this 6 times on a short LeNet run (tests/test_reproduce.py); this does it as often
as asked on a longer one: `chapter5 train MODEL --epochs N --seed S --out DIR --resume`, killed after a
random moment in [0.5, LIMIT] seconds, `--kills` times, then left to finish. Printed: each attempt's
fate, and whether the final log.jsonl equals the uninterrupted run's (losses and accuracies, to the
last digit). Exit 1 if a resume failed or the logs differ.

    python benchmarks/kill_resume.py [--model lenet] [--epochs 5] [--kills 30] [--limit 15] [--seed 0]
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time


def train(out, args, extra=()):
    return [sys.executable, '-m', 'chapter5', 'train', args.model, '--epochs', str(args.epochs),
            '--seed', str(args.seed), '--out', out, *extra]


def log(out, model):
    with open(os.path.join(out, model, 'log.jsonl')) as f:
        return [{k: v for k, v in json.loads(line).items() if k != 'seconds'} for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--model', default='lenet')
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--kills', type=int, default=30)
    parser.add_argument('--limit', type=float, default=15.0, help='latest moment of a kill, in seconds')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        whole, cut = os.path.join(tmp, 'whole'), os.path.join(tmp, 'cut')
        start = time.time()
        subprocess.run(train(whole, args), check=True, capture_output=True)
        print('uninterrupted: %d epochs in %.0f s' % (args.epochs, time.time() - start), flush=True)
        failures = 0
        for attempt in range(1, args.kills + 2):
            proc = subprocess.Popen(train(cut, args, ['--resume']), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
            moment = rng.uniform(0.5, args.limit)
            try:
                proc.wait(timeout=moment if attempt <= args.kills else None)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                pointer = os.path.join(cut, args.model, 'checkpoint.json')
                done = json.load(open(pointer))['epoch'] if os.path.exists(pointer) else 0
                print('attempt %d: killed after %.1f s, %d epochs committed' % (attempt, moment, done),
                      flush=True)
                continue
            err = proc.stderr.read()
            print('attempt %d: exit %d%s' % (attempt, proc.returncode, (': ' + err.strip().splitlines()[-1])
                                            if proc.returncode else ''), flush=True)
            failures += proc.returncode != 0
            if proc.returncode == 0:
                break
        same = log(cut, args.model) == log(whole, args.model)
        print('final log equals the uninterrupted run\'s: %s; failed resumes: %d' % (same, failures))
        return 0 if same and not failures else 1


if __name__ == '__main__':
    sys.exit(main())
