"""chapter5.engine.download (`chapter5 data --download`) against a real HTTP server on loopback.

The server serves the real Fashion-MNIST files (this machine's, from Debian's package) and, by path,
the ways a download goes wrong: a file cut short, another file under the name, a 404, a server that
accepts and never answers, a server that fails once and then serves. Each failure is one line per
attempt and one final line with a non-zero exit, and nothing half-written is left in the folder.
"""
import gzip
import http.server
import os
import sys
import threading
import time

import pytest

from chapter5.__main__ import main
from chapter5.data import find_root
from chapter5.engine import download as dl

NAMES = list(dl.CONTENT)


class Handler(http.server.BaseHTTPRequestHandler):
    """GET /MODE/NAME: ok, cut, wrong, missing, hang, flaky (fails on the first request of a name)."""
    real = None
    requests = []

    def do_GET(self):
        mode, name = self.path.strip('/').split('/', 1)
        type(self).requests.append(self.path)
        data = open(os.path.join(self.real, name), 'rb').read() if name in dl.CONTENT else b''
        if mode == 'missing' or (mode == 'flaky' and type(self).requests.count(self.path) == 1):
            return self.send_error(404 if mode == 'missing' else 500)
        if mode == 'hang':
            time.sleep(3)
        if mode == 'cut':
            data = data[:len(data) // 2]
        if mode == 'wrong':
            data = open(os.path.join(self.real, 't10k-labels-idx1-ubyte.gz'), 'rb').read()
        self.send_response(200)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    """The test's server: a client that gave up (the time-out test's) is no error of the server's,
    and is not printed where the next test reads its own standard error."""
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope='module')
def server():
    Handler.real = find_root()
    httpd = Server(('127.0.0.1', 0), Handler)  # loopback only
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield 'http://127.0.0.1:%d/' % httpd.server_address[1]
    httpd.shutdown()


def run(capsys, root, source, *extra):
    code = main(['data', '--download', '--root', str(root), '--source', source] + list(extra))
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(root):
    return sorted(n for n in os.listdir(root) if n not in dl.CONTENT)


def test_download_fetches_checks_and_keeps_the_real_files(server, tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, server + 'ok/')
    assert code == 0 and err == ''
    assert 'Fashion-MNIST in %s: 60000 training and 10000 test images, checked' % tmp_path in out
    for name in NAMES:  # the same data as Debian's, byte for byte once decompressed
        with gzip.open(os.path.join(find_root(), name)) as a, gzip.open(str(tmp_path / name)) as b:
            assert a.read() == b.read()
    assert leftovers(tmp_path) == []


def test_files_already_whole_are_not_fetched_again(server, tmp_path, capsys):
    assert run(capsys, tmp_path, server + 'ok/')[0] == 0
    before = len(Handler.requests)
    code, out, _ = run(capsys, tmp_path, server + 'ok/')
    assert code == 0 and len(Handler.requests) == before and 'downloading' not in out


@pytest.mark.parametrize('mode,reason', [('cut', 'cut short, or another file'),
                                         ('wrong', 'cut short, or another file'),
                                         ('missing', 'the server answered 404')])
def test_a_bad_file_is_one_line_per_attempt_and_nothing_is_kept(server, tmp_path, capsys, mode, reason):
    code, out, err = run(capsys, tmp_path, server + mode + '/')
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and 'could not be downloaded (3 attempts' in err
    attempts = [line for line in out.splitlines() if line.startswith('下载失败')]
    assert len(attempts) == 3 and all(reason in line for line in attempts)
    assert os.listdir(tmp_path) == []  # no half file, no temporary file


def test_a_server_that_never_answers_times_out(server, tmp_path, capsys):
    start = time.monotonic()
    code, out, err = run(capsys, tmp_path, server + 'hang/', '--timeout', '0.5')
    assert code == 1 and 'timed out' in err
    assert time.monotonic() - start < 3 * 0.5 + 5  # three attempts of half a second, not a hang
    assert os.listdir(tmp_path) == []


def test_a_failed_attempt_is_tried_again(server, tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, server + 'flaky/')
    assert code == 0 and err == ''
    assert sum(line.startswith('下载失败') for line in out.splitlines()) == len(NAMES)  # one per file
    assert leftovers(tmp_path) == []


def test_content_check_is_bounded_against_a_gzip_bomb():
    bomb = gzip.compress(b'\0' * (dl.CONTENT[NAMES[1]][1] * 50))
    assert not dl.content_ok(NAMES[1], bomb)
    assert not dl.content_ok(NAMES[1], b'not gzip at all')


@pytest.mark.parametrize('argv,says', [
    (['data', '--source', 'http://127.0.0.1:1/'], '--source and --timeout go with --download'),
    (['data', '--download', '--timeout', '0'], '--timeout takes seconds'),
    (['data', '--download', '--source', 'ftp://x/'], '--source takes a folder URL'),
])
def test_option_mistakes_are_one_line_and_exit_2(argv, says, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1
