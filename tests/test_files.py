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


def test_write_bytes_is_whole_and_follows_no_planted_name(tmp_path):
    outside = tmp_path / 'outside.txt'
    outside.write_text('keep me')
    folder = tmp_path / 'run'
    folder.mkdir()
    target = folder / 'data.gz'
    for planted in ('data.gz.tmp', '.data.gz.part', 'data.gz.part'):  # guessable names, linked outside
        os.symlink(str(outside), str(folder / planted))
    files.write_bytes(str(target), b'new bytes')
    assert target.read_bytes() == b'new bytes' and outside.read_text() == 'keep me'
    assert oct(os.stat(str(target)).st_mode & 0o777) == '0o644'


def test_write_bytes_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / 'data.gz'
    target.write_bytes(b'old')
    with pytest.raises(TypeError):
        files.write_bytes(str(target), 'text, not bytes')
    assert target.read_bytes() == b'old' and os.listdir(str(tmp_path)) == ['data.gz']
