"""Files written whole: a file the engine writes is either the old one or the new one, never half.

`save_whole` writes to a temporary name, flushes it to the disk (fsync), renames it over the
target and then flushes the folder, so that after a crash or a power loss the name points at whole
data: the rename cannot reach the disk before the bytes it names. Every run file, table and
exported model goes through it.
"""
import hashlib
import os
import tempfile


def fsync_folder(folder):
    """Flush a folder's entries (a rename in it) to the disk."""
    fd = os.open(folder or '.', os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path):
    """Flush a file's bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save_whole(path, save):
    """Call `save(temporary path)`, flush it, rename it to `path`, flush the folder: whole or absent."""
    tmp = path + '.tmp'
    try:
        save(tmp)
        fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_folder(os.path.dirname(path))


def write_text(path, text):
    """Write `text` to `path` whole (save_whole)."""
    def save(tmp):
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(text)
    save_whole(path, save)


def write_bytes(path, data):
    """Write `data` to `path` whole: a new temporary file of a random name beside it (created
    exclusively, so nothing planted under a guessable name is followed), flushed, renamed, the folder
    flushed."""
    folder = os.path.dirname(path) or '.'
    fd, tmp = tempfile.mkstemp(dir=folder, prefix='.' + os.path.basename(path) + '.', suffix='.part')
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    fsync_folder(folder)


def sha256(path):
    """The sha256 of a file's bytes, as hex."""
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()
