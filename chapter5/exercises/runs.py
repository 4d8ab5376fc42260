"""The finished runs of a recording, kept one file each, so that a killed recording resumes.

While `keeping(folder)` is active (`chapter5 exercises SECTION --record` turns it on for
results/exercises/runs/SECTION/), `kept(key, compute)` returns the result stored for `key` when a
run with that key finished before, and otherwise calls `compute()` and stores its result whole
(JSON, temp file and rename) before returning it. A key names everything that decides a run: the
network's builder and a digest of its source, the budget and the seed; so a changed builder or
budget trains afresh. Outside a recording, `kept` just calls `compute()`.

Each kept run records its seconds and where it ran; `spent()` sums the runs used since the last
`reset_spent()`, so that an answer recorded over several sittings still states its full cost.
"""
import ast
import contextlib
import hashlib
import inspect
import json
import os
import textwrap
import time

_state = {'folder': None, 'spent': {}, 'fresh': 0.0}


@contextlib.contextmanager
def keeping(folder):
    """Keep the runs finished inside this block in `folder` (and reuse the ones already there)."""
    os.makedirs(folder, exist_ok=True)
    saved = _state['folder']
    _state['folder'] = folder
    try:
        yield folder
    finally:
        _state['folder'] = saved


def source_digest(function):
    """A short digest of a builder's code: a run kept for an older body is not reused. The code is
    read as Python reads it (ast), less docstrings, so comments, docstrings and layout can change
    without training again. None when Python cannot find the source (a function typed at a prompt)."""
    try:
        text = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return None
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, 'body', None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode('utf-8')).hexdigest()[:12]


def key_name(key):
    """The file name of a run's key: a digest of its canonical JSON."""
    text = json.dumps(key, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:20] + '.json'


def read_kept(path, key):
    """The stored record at `path` when it is whole and holds `key`; None otherwise (trained again)."""
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get('key') != key or 'result' not in data:
        return None
    return data


def kept(key, compute):
    """`compute()`'s result (JSON-able), reused from the active recording's folder when kept there."""
    folder = _state['folder']
    if folder is None:
        return compute()
    from chapter5.engine.files import write_text
    from chapter5.engine.records import session
    path = os.path.join(folder, key_name(key))
    data = read_kept(path, key)
    if data is None:
        start = time.time()
        result = compute()
        data = {'key': key, 'result': result, 'seconds': round(own_seconds(result, time.time() - start), 1),
                'session': session()}
        write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + '\n')
        _state['fresh'] += data['seconds']
    _state['spent'][path] = data['seconds']
    return data['result']


def own_seconds(result, wall):
    """A run's seconds: its own count when it has one (train_net's leave pauses out), else `wall`."""
    seconds = result.get('seconds') if isinstance(result, dict) else None
    return seconds if isinstance(seconds, (int, float)) else wall


def reset_spent():
    """Start counting the seconds of the runs an answer uses."""
    _state['spent'], _state['fresh'] = {}, 0.0


def spent():
    """({kept run's file: its seconds}, seconds trained in this sitting) of the kept runs used since
    reset_spent(), each run once: an answer's cost is its wall time, less what it trained now, plus
    every run it used (`record`)."""
    return dict(_state['spent']), _state['fresh']
