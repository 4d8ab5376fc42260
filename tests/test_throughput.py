"""benchmarks/throughput.py, the figures of docs/benchmarks.md, runs: a model measured on the book's
path and the fast path gives a row whose ratio is its two speeds', and a model or path it does not
know is one line and exit status 2 before anything is measured."""
import re

from conftest import run_benchmark


def test_it_measures_a_model_on_two_paths():
    out = run_benchmark('throughput.py', 'lenet', '--paths', 'book,fast', '--batches', '2')
    assert out.returncode == 0, out.stderr[-2000:]
    row = re.search(r'^lenet\s+28\s+256 \|\s+([\d.]+)\s+([\d.]+) \|\s+([\d.]+)x \|\s+(\d+)\s+(\d+)$',
                    out.stdout, re.M)
    assert row, out.stdout
    book, fast, ratio, book_mib, fast_mib = map(float, row.groups())
    assert book > 0 and fast > 0 and abs(ratio - fast / book) < 0.01
    assert 50 < book_mib < 8000 and 50 < fast_mib < 8000
    assert 'fast path >= PyTorch' not in out.stdout  # no PyTorch asked for: no verdict on it


def test_an_unknown_model_or_path_is_one_line_and_status_2():
    for args, said in ((['lenett'], "unknown models ['lenett']"),
                       (['lenet', '--paths', 'fast,jax'], "unknown paths ['jax']")):
        out = run_benchmark('throughput.py', *args, '--batches', '1')
        assert out.returncode == 2 and said in out.stderr.splitlines()[-1], out.stderr
        assert 'img/s' not in out.stdout
