"""chapter5.engine.files: a file is written whole and durable: its bytes flushed before the rename
that names them, the folder flushed after it; a failed write leaves the old file and no scratch."""
import os

import pytest

from chapter5.engine import files


def recorded_calls(monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(('fsync', os.readlink('/proc/self/fd/%d' % fd)))
        real_fsync(fd)

    def replace(src, dst):
        calls.append(('rename', src, dst))
        real_replace(src, dst)
    monkeypatch.setattr(os, 'fsync', fsync)
    monkeypatch.setattr(os, 'replace', replace)
    return calls


def test_the_bytes_are_flushed_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    calls = recorded_calls(monkeypatch)
    path = str(tmp_path / 'settings.json')
    files.write_text(path, '{}')
    assert calls == [('fsync', path + '.tmp'), ('rename', path + '.tmp', path), ('fsync', str(tmp_path))]
    assert open(path).read() == '{}'


def test_a_failed_write_keeps_the_old_file_and_leaves_no_scratch(tmp_path):
    path = str(tmp_path / 'curve.png')
    files.write_text(path, 'old')

    def half(tmp):
        with open(tmp, 'w') as f:
            f.write('ne')
        raise OSError('disk full')
    with pytest.raises(OSError, match='disk full'):
        files.save_whole(path, half)
    assert open(path).read() == 'old' and os.listdir(str(tmp_path)) == ['curve.png']


def test_sha256_of_known_bytes(tmp_path):
    (tmp_path / 'a').write_bytes(b'abc')
    assert files.sha256(str(tmp_path / 'a')) == \
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'  # FIPS 180-2's example
