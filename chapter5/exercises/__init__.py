"""The 练习 (exercises) of each section, answered in runnable code.

One module per section, named as the section's module. Each module's
`EXERCISES` lists its answers in the notes' order: functions whose docstring
is the question and whose return value is the answer, with what was measured.
Answers that train take `quick=True` for a smoke-sized run.

`record` runs a section's answers at full size and keeps them in
results/exercises/SECTION.json (and .md): the notebooks show those recorded
answers where the full run takes minutes, instead of a smoke run that teaches nothing.
"""
import importlib
import inspect
import json
import os
import time

from chapter5 import find_section
from chapter5.engine.cpu import recorded_phrase
from chapter5.engine.tables import aligned

# the repository's results/, beside the package; the recorded answers are in results/exercises/
RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       'results')
RECORDED = os.path.join(RESULTS, 'exercises')


def code_digest(section):
    """A digest of the code a section's answers run: its module, common.py and verdicts.py. A record
    made by other code is out of date (`recorded` refuses it)."""
    import hashlib
    module = importlib.import_module('chapter5.exercises.' + find_section(section).module)
    from chapter5.exercises import common, verdicts
    text = ''.join(inspect.getsource(m) for m in (module, common, verdicts))
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


def section_exercises(section):
    """The answer functions of a section (id or module name), in the notes' order."""
    module = importlib.import_module('chapter5.exercises.' + find_section(section).module)
    return module.EXERCISES


def question(answer):
    """The question an answer function answers: its docstring's first paragraph, in one line."""
    return ''.join(line.strip() for line in inspect.getdoc(answer).split('\n\n')[0].splitlines())


def trains(function):
    """Whether an answer trains or measures at length (it takes `quick`)."""
    return 'quick' in inspect.signature(function).parameters


def answer(function, *, quick=False):
    """Call an answer function; `quick` reaches only those that train or measure at length."""
    if trains(function):
        return function(quick=quick)
    return function()


def run(section, *, quick=False, out=print):
    """Print a section's questions, each followed by its answer."""
    s = find_section(section)
    out('## %s %s 练习' % (s.id, s.title))
    for i, function in enumerate(section_exercises(s.id), 1):
        out('\n%d. %s\n' % (i, question(function)))
        out(aligned(answer(function, quick=quick)))
    out('')


def record(section, root=RECORDED, *, out=print):
    """Answer a section's exercises at full size, print them, and keep them in ROOT/SECTION.json and
    ROOT/SECTION.md (each written whole): the answer, its seconds, and where and when it ran.

    Every training run is kept in ROOT/runs/SECTION/ as it finishes (runs.kept): a recording that is
    killed resumes, when started again, from the runs it finished. An answer's seconds count every
    run it used, however many sittings they took."""
    from chapter5.engine.files import write_text
    from chapter5.engine.records import session as this_session
    from chapter5.exercises.runs import keeping
    s = find_section(section)
    session = this_session()
    answers, all_runs, other = [], {}, 0.0
    out('## %s %s 练习' % (s.id, s.title))
    with keeping(os.path.join(root, 'runs', s.id)):
        for i, function in enumerate(section_exercises(s.id), 1):
            out('\n%d. %s\n' % (i, question(function)))
            text, seconds, used = timed_answer(function)
            all_runs.update(used)
            other += seconds - sum(used.values())
            answers.append({'number': i, 'name': function.__name__, 'question': question(function),
                            'answer': text, 'seconds': round(seconds, 1), 'runs': len(used)})
            out(aligned(text))
    out('')
    os.makedirs(root, exist_ok=True)
    data = {'section': s.id, 'title': s.title, 'session': session, 'code': code_digest(s.id),
            'answers': answers, 'seconds': round(other + sum(all_runs.values()), 1), 'runs': len(all_runs)}
    write_text(os.path.join(root, s.id + '.json'), json.dumps(data, ensure_ascii=False, indent=1) + '\n')
    write_text(os.path.join(root, s.id + '.md'), markdown(data))
    return data


def timed_answer(function):
    """(an answer's text, its seconds, {kept run: seconds} it used): the wall time less its pauses
    (tools/pause.sh: the answer runs inside a PauseClock, so it can be paused anywhere), less the runs
    trained in this sitting, plus every kept run it used (runs.spent)."""
    from chapter5.engine.pause import PauseClock, paused_seconds
    from chapter5.exercises.runs import reset_spent, spent
    reset_spent()
    with PauseClock():
        start, paused = time.monotonic(), paused_seconds()
        text = answer(function)
        wall = time.monotonic() - start - (paused_seconds() - paused)
    used, fresh = spent()
    return text, wall - fresh + sum(used.values()), used


def _where(data, seconds):
    """One line (Chinese): when, on what and from which commit an answer was recorded, and its time."""
    session = data['session']
    return ('（记录于 %s，%s，%s，%d 核，MXNet %s，chapter5 %s，commit %s；用时 %.0f 秒）'
            % (session['started'][:16], session['machine'], recorded_phrase(session), session['cores'],
               session['mxnet'],
               session['chapter5'], (session['commit'] or 'unknown')[:7], seconds))


def markdown(data):
    """The recorded answers of a section as Markdown."""
    lines = ['# %s %s 练习：记录的答案' % (data['section'], data['title']), '',
             '`chapter5 exercises %s --record` 的输出。' % data['section'], '']
    if 'seconds' in data:
        lines += ['全部答案共用时 %.0f 分钟（%d 次训练运行，每次保存在 results/exercises/runs/%s/；'
                  '几个答案共用的运行只算一次）。'
                  % (data['seconds'] / 60, data['runs'], data['section']), '']
    for a in data['answers']:
        lines += ['## %d. %s' % (a['number'], a['question']), '', _where(data, a['seconds']), '',
                  a['answer'], '']
    return '\n'.join(lines)


def recorded_entry(section, number, root=RECORDED):
    """(the recorded data of a section, its entry for exercise `number` from 1); an error that says how
    to record it when there is none, when the answer functions changed since, or when the record was
    made by other code (code_digest)."""
    s = find_section(section)
    path = os.path.join(root, s.id + '.json')
    how = 'run `chapter5 exercises %s --record` to record them' % s.id
    if not os.path.exists(path):
        raise FileNotFoundError('no recorded answers for section %s at %s: %s' % (s.id, path, how))
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        entry = data['answers'][number - 1]
    except (ValueError, KeyError, IndexError) as e:
        raise ValueError('%s is damaged or lacks exercise %d (%s): %s' % (path, number, e, how)) from None
    function = section_exercises(s.id)[number - 1]
    if entry['name'] != function.__name__ or entry['question'] != question(function):
        raise ValueError('%s records %s for exercise %d, but the section now answers it with %s: %s'
                         % (path, entry['name'], number, function.__name__, how))
    if data.get('code') != code_digest(s.id):
        raise ValueError('%s was recorded by other code than the answers now run (code %s, now %s): %s'
                         % (path, data.get('code'), code_digest(s.id), how))
    return data, entry


def current_record(section, number, root=RECORDED):
    """The entry of a current record of exercise `number`, or None (recorded_entry's errors)."""
    try:
        return recorded_entry(section, number, root)[1]
    except (FileNotFoundError, ValueError):
        return None


def recorded(section, number, root=RECORDED):
    """The recorded full-size answer to exercise `number` (from 1) of `section`, with where and when
    it ran (recorded_entry's errors otherwise)."""
    data, entry = recorded_entry(section, number, root)
    return _where(data, entry['seconds']) + '\n' + entry['answer']


def records_rows(root=RECORDED):
    """One row per section recorded in ROOT (results/exercises): its answers, training runs, minutes,
    when, on what CPU and from which commit, and whether the record is current (made by the code
    that answers now: code_digest)."""
    from chapter5 import SECTIONS
    rows = []
    for section in SECTIONS:
        path = os.path.join(root, section + '.json')
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        session = data['session']
        seconds = data.get('seconds', sum(a['seconds'] for a in data['answers']))
        rows.append({'section': section, 'title': data['title'], 'answers': len(data['answers']),
                     'runs': data.get('runs', 0), 'minutes': round(seconds / 60, 1),
                     'date': session['started'][:10], 'cpu': recorded_phrase(session),
                     'commit': (session.get('commit') or 'unknown')[:7],
                     'current': data.get('code') == code_digest(section)})
    return rows
