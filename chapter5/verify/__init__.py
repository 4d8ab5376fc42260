"""`chapter5 verify`: replay each section in a fresh process and check every printout
the notes (or, where they are wrong or silent, the book) document (chapter5.verify.expected).

A section's output is compared with the documented text after folding white
space, because MXNet pads printed rows differently from the notes'
transcription; the checks of a section must appear in order.

It checks the book layer and uses nothing of the engine, so it lives beside the book layer, not in
chapter5/engine/ (docs/engine.md); `chapter5 verify --train`, which trains the book's recipes
through the engine, is chapter5.engine.training_check.
"""
import difflib
import re
import subprocess
import sys

from chapter5 import SECTIONS, find_section
from chapter5.verify.expected import EXPECTED, SOURCES


def fold(text):
    """Text with every run of white space made one space."""
    return ' '.join(text.split())


def run_section(section_id):
    """The standard output of `python -m chapter5.<module>` in a fresh process."""
    section = find_section(section_id)
    proc = subprocess.run([sys.executable, '-m', 'chapter5.' + section.module],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError('section %s (python -m chapter5.%s) failed:\n%s'
                           % (section.id, section.module, proc.stderr[-2000:]))
    return proc.stdout


def fold_lines(text):
    """The non-blank lines of `text`, each with its runs of white space made one space, joined by newlines."""
    return '\n'.join(fold(line) for line in text.splitlines() if line.strip())


def check_output(section_id, output):
    """[(what, expected, got, ok)] for the documented printouts of a section.

    A documented printout must be whole lines of the output (white space folded within each line),
    after the previous check's: `True` does not pass on a line that merely contains it. A formula's
    shapes (a pattern) are searched across lines."""
    lines = fold_lines(output)
    flat, pos, results = lines.replace('\n', ' '), 0, []  # the same text, line breaks as spaces
    for what, expected in EXPECTED[section_id]:
        if isinstance(expected, re.Pattern):  # a formula's shapes, whatever the layers' names
            match = expected.search(flat, pos)
            readable = re.sub(r'\\(.)', r'\1', expected.pattern.replace(r'\S+', '*'))
            if match:
                pos = match.end()
                results.append((what, readable, match.group(), True))
                continue
            expected = readable
        expected = fold_lines(expected)
        found = ('\n' + lines + '\n').find('\n' + expected + '\n', pos)  # whole lines, from pos on
        if found >= 0:
            pos = found + len(expected)
            results.append((what, fold(expected), fold(expected), True))  # the report prints one line
            continue
        # show the stretch of output that looks most like the expected text
        match = difflib.SequenceMatcher(None, lines[pos:], expected, autojunk=False) \
            .find_longest_match(0, len(lines) - pos, 0, len(expected))
        start = max(pos, pos + match.a - match.b)
        results.append((what, fold(expected), fold(lines[start:start + len(expected)]), False))
    return results


def _short(text, width=48):
    return text if len(text) <= width else text[:width - 3] + '...'


def verify(section_ids=None, out=print):
    """Check the given sections (all built ones by default); True when all pass."""
    section_ids = [find_section(s).id for s in section_ids or [s for s in SECTIONS if s in EXPECTED]]
    passed = failed = 0
    sources = {}
    for section_id in section_ids:
        if section_id not in EXPECTED:
            out('SKIP  %-5s no documented printouts are checked for this section yet'
                % section_id)
            continue
        try:
            results = check_output(section_id, run_section(section_id))
        except RuntimeError as e:
            results = [('run the section', 'exit status 0', str(e).splitlines()[-1], False)]
        for (what, expected, got, ok), source in zip(results, SOURCES[section_id]):
            passed, failed = passed + ok, failed + (not ok)
            kind = 'formula' if source.startswith('formula') else source
            sources[kind] = sources.get(kind, 0) + 1
            out('%s  %-5s %-40s %-8s expected: %-48s got: %s'
                % ('PASS' if ok else 'FAIL', section_id, _short(what, 40), kind,
                   _short(expected), _short(got)))
    out('checked against the notes: %d, the book: %d, a formula from the notes\' numbers: %d'
        % (sources.get('notes', 0), sources.get('book', 0), sources.get('formula', 0)))
    out('%d passed, %d failed' % (passed, failed))
    return failed == 0
