"""benchmarks/against_commit.py runs: `make bench` calls it before the speedrun's side by side, and
a child called with its arguments in the wrong order stopped the whole target."""
import re

from conftest import run_benchmark


def test_it_measures_a_model_here_and_at_a_commit():
    out = run_benchmark('against_commit.py', 'HEAD', 'lenet', '--rounds', '1', '--batches', '2')
    assert out.returncode == 0, out.stderr[-2000:]
    row = re.search(r'^lenet\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)x$', out.stdout, re.M)
    assert row, out.stdout
    rev, here, ratio = map(float, row.groups())
    assert rev > 0 and here > 0 and abs(ratio - here / rev) < 0.01
