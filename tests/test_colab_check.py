"""tools/colab_check.py: what it reads of Colab's runtime, and what it calls a change.

The check itself (a Colab-like venv, a notebook whose first cell installs chapter5 into the running
kernel) is make colab-check, run by .ci/run; these hold its judgements to hand-made cases.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tools'))
import colab_check  # noqa: E402

COLAB = {'numpy': ('numpy', '2.1.3'), 'graphviz': ('graphviz', '0.21'), 'pip': ('pip', '24.1.2')}


def test_colab_pins_read_the_published_freeze():
    pins = colab_check.colab_pins()
    assert pins['numpy'] == ('numpy', '2.1.3') and pins['pip'] == ('pip', '24.1.2')
    assert pins['opencv_python'][1] == '5.0.0.93'
    assert 'torch' not in pins  # a URL line (Colab's own torch build), not a version pin
    assert len(pins) > 600


def test_preinstalled_is_the_lock_names_colab_has_at_colabs_versions():
    lock = os.path.join(HERE, '..', 'requirements', 'lock', 'py3.13-x86_64.txt')
    wanted = colab_check.preinstalled(lock, colab_check.colab_pins())
    assert 'numpy==2.1.3' in wanted and 'graphviz==0.21' in wanted and 'matplotlib==3.10.0' in wanted
    assert not any(w.startswith(('mxnet==', 'gluoncv==', 'd2lzh==')) for w in wanted)  # Colab lacks them


def test_findings_name_every_change_and_only_changes():
    before = {'numpy': '2.1.3', 'graphviz': '0.21', 'six': '1.17.0'}
    mxnet = {'mxnet 1.9.1 has requirement numpy<2.0.0, but you have numpy 2.1.3.',
             'mxnet 1.9.1 has requirement graphviz<0.9.0,>=0.8.1, but you have graphviz 0.21.'}
    same = colab_check.findings(before, dict(before, mxnet='1.9.1'), set(), mxnet, COLAB)
    assert same == []  # added packages and MXNet's two declared bounds are not changes
    found = colab_check.findings(before, {'numpy': '2.3.5', 'graphviz': '0.21'}, set(),
                                 {'gluoncv 0.10.5 requires yacs, which is not installed.'}, COLAB)
    assert 'numpy: 2.1.3 before, 2.3.5 after' in found
    assert 'six: 1.17.0 before, removed after' in found
    assert "numpy is 2.3.5, not Colab's 2.1.3" in found
    assert 'pip check, new: gluoncv 0.10.5 requires yacs, which is not installed.' in found
