"""`chapter5 verify`: replay each section in a fresh process and check every printout
the notes (or, where they are wrong or silent, the book) document.

A section's output is compared with the documented text after folding white
space, because MXNet pads printed rows differently from the notes'
transcription; the checks of a section must appear in order.
"""
import difflib
import subprocess
import sys

from chapter5 import SECTIONS, find_section

# section id -> [(what, documented printout)], in the order the section prints them
EXPECTED = {
    '5.1': [
        ('X, the 6x8 edge image', '''
[[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]
[1. 1. 0. 0. 0. 0. 1. 1.]]
<NDArray 6x8 @cpu(0)>'''),
        ('Y = corr2d(X, K), the edges', '''
[[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]
[ 0. 1. 0. 0. 0. -1. 0.]]
<NDArray 6x7 @cpu(0)>'''),
        ('kernel learning, batch 2', 'batch 2, loss 4.949'),
        ('kernel learning, batch 4', 'batch 4, loss 0.831'),
        ('kernel learning, batch 6', 'batch 6, loss 0.140'),
        ('kernel learning, batch 8', 'batch 8, loss 0.024'),
        ('kernel learning, batch 10', 'batch 10, loss 0.004'),
        ('the learned kernel', '''
[[ 0.9895 -0.9873705]]
<NDArray 1x2 @cpu(0)>'''),
    ],
    '5.2': [
        ('padding 1, 3x3 kernel', 'kernel_size=3, padding=1): (8, 8)'),
        ('padding (2, 1), 5x3 kernel', 'kernel_size=(5, 3), padding=(2, 1)): (8, 8)'),
        ('stride 2 halves 8x8', 'kernel_size=3, padding=1, strides=2): (4, 4)'),
        ('strides (3, 4)', 'kernel_size=(3, 5), padding=(0, 1), strides=(3, 4)): (2, 2)'),
    ],
    '5.3': [
        ('corr2d_multi_in(X, K)', '''
[[ 56. 72.]
[104. 120.]]
<NDArray 2x2 @cpu(0)>'''),
        ('K = nd.stack(K, K + 1, K + 2)', '''
[[[[0. 1.]
   [2. 3.]]

  [[1. 2.]
   [3. 4.]]]

 [[[1. 2.]
   [3. 4.]]

  [[2. 3.]
   [4. 5.]]]

 [[[2. 3.]
   [4. 5.]]

  [[3. 4.]
   [5. 6.]]]]
<NDArray 3x2x2x2 @cpu(0)>'''),
        ('corr2d_multi_in_out(X, K)', '''
[[[ 56. 72.]
[104. 120.]]
[[ 76. 100.]
[148. 172.]]
[[ 96. 128.]
[192. 224.]]]
<NDArray 3x2x2 @cpu(0)>'''),
        ('1x1 convolution equals the loop version', 'True'),
    ],
    '5.4': [
        ('max pooling 2x2 of 0..8', '''
[[4. 5.]
[7. 8.]]
<NDArray 2x2 @cpu(0)>'''),
        ('average pooling 2x2 of 0..8', '''
[[2. 3.]
[5. 6.]]
<NDArray 2x2 @cpu(0)>'''),
        ('X = nd.arange(16)', '''
[[[[ 0. 1. 2. 3.]
   [ 4. 5. 6. 7.]
   [ 8. 9. 10. 11.]
   [12. 13. 14. 15.]]]]
<NDArray 1x1x4x4 @cpu(0)>'''),
        ('nn.MaxPool2D(3)', '''
[[[[10.]]]]
<NDArray 1x1x1x1 @cpu(0)>'''),
        ('nn.MaxPool2D(3, padding=1, strides=2)', '''
[[[[ 5. 7.]
   [13. 15.]]]]
<NDArray 1x1x2x2 @cpu(0)>'''),
        ('nn.MaxPool2D((2, 3), padding=(1, 2), strides=(2, 3))', '''
[[[[ 0. 3.]
   [ 8. 11.]
   [12. 15.]]]]
<NDArray 1x1x3x2 @cpu(0)>'''),
        ('two channels pooled', '''
[[[[ 5. 7.]
   [13. 15.]]
  [[ 6. 8.]
   [14. 16.]]]]
<NDArray 1x2x2x2 @cpu(0)>'''),
    ],
}


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


def check_output(section_id, output):
    """[(what, expected, got, ok)] for the documented printouts of a section."""
    text, pos, results = fold(output), 0, []
    for what, expected in EXPECTED[section_id]:
        expected = fold(expected)
        found = text.find(expected, pos)
        if found >= 0:
            pos = found + len(expected)
            results.append((what, expected, expected, True))
            continue
        # show the stretch of output that looks most like the expected text
        match = difflib.SequenceMatcher(None, text[pos:], expected, autojunk=False) \
            .find_longest_match(0, len(text) - pos, 0, len(expected))
        start = max(pos, pos + match.a - match.b)
        results.append((what, expected, text[start:start + len(expected)], False))
    return results


def _short(text, width=48):
    return text if len(text) <= width else text[:width - 3] + '...'


def verify(section_ids=None, out=print):
    """Check the given sections (all built ones by default); True when all pass."""
    section_ids = [find_section(s).id for s in section_ids or [s for s in SECTIONS if s in EXPECTED]]
    passed = failed = 0
    for section_id in section_ids:
        if section_id not in EXPECTED:
            out('SKIP  %-5s no documented printouts are checked for this section yet'
                % section_id)
            continue
        try:
            results = check_output(section_id, run_section(section_id))
        except RuntimeError as e:
            results = [('run the section', 'exit status 0', str(e).splitlines()[-1], False)]
        for what, expected, got, ok in results:
            passed, failed = passed + ok, failed + (not ok)
            out('%s  %-5s %-40s expected: %-48s got: %s'
                % ('PASS' if ok else 'FAIL', section_id, _short(what, 40),
                   _short(expected), _short(got)))
    out('%d passed, %d failed' % (passed, failed))
    return failed == 0
