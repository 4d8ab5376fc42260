"""benchmarks/against_commit.py runs: `make bench` calls it before the speedrun's side by side, and
a child called with its arguments in the wrong order stopped the whole target."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_it_measures_a_model_here_and_at_a_commit():
    out = subprocess.run([sys.executable, os.path.join(HERE, 'benchmarks', 'against_commit.py'), 'HEAD',
                          'lenet', '--rounds', '1', '--batches', '2'],
                         capture_output=True, text=True, timeout=300, cwd=HERE)
    assert out.returncode == 0, out.stderr[-2000:]
    row = re.search(r'^lenet\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)x$', out.stdout, re.M)
    assert row, out.stdout
    rev, here, ratio = map(float, row.groups())
    assert rev > 0 and here > 0 and abs(ratio - here / rev) < 0.01
