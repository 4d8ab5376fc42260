"""Benchmark: cross-correlation as one matrix product (5.1 exercise) against the notes' corr2d loop.

Both on the same random 64x64 input and 3x3 kernel in this process, best of N runs each;
printed: each time, the ratio (target >= 100x) and the largest difference of the outputs.

    python benchmarks/im2col.py [--size 64] [--kernel 3] [--repeat 5]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--kernel', type=int, default=3)
    parser.add_argument('--repeat', type=int, default=5)
    args = parser.parse_args()
    from chapter5.exercises.conv_layer import corr2d_speedup
    print('corr2d loop against im2col, %dx%d input, %dx%d kernel, best of %d; %s'
          % (args.size, args.size, args.kernel, args.kernel, args.repeat, machine()))
    t_loop, t_matmul, err = corr2d_speedup(args.size, args.kernel, args.repeat)
    ratio = t_loop / t_matmul
    print('corr2d (loop)   %9.3f ms' % (t_loop * 1e3))
    print('corr2d_matmul   %9.3f ms' % (t_matmul * 1e3))
    print('speed-up        %9.0fx  (target >= 100x: %s)' % (ratio, 'met' if ratio >= 100 else 'NOT met'))
    print('max |difference| %.1e' % err)
    return 0 if ratio >= 100 else 1


if __name__ == '__main__':
    sys.exit(main())
