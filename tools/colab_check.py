"""make colab-check: a notebook's first cell, in an environment like Google Colab's, changes nothing there.

    python tools/colab_check.py [--python python3.13] [--notebook 5.5-lenet]

1. A Python 3.13 venv (build/colab/venv) with pip 24.1.2 and, at the versions of Colab's published
   runtime (requirements/colab/pip-freeze.txt), every preinstalled Colab package that chapter5 or its
   dependencies import or require: the names of the 3.13 lock that Colab also has, installed with
   Colab's whole list as constraints (so their own dependencies come at Colab's versions too).
2. A kernel of that venv is started, and the section notebook runs in it from its first cell, which
   installs chapter5 (from this checkout: CHAPTER5_SOURCE) and MXNet into the running kernel, as a
   learner's Colab session would; then the rest runs to its end (training cells at their check
   budget, as `tools/notebooks.py check` runs them).
3. Checked: no package that was there before changed version (they are listed), numpy is still
   Colab's, and `pip check` reports nothing the install introduced but MXNet's two declared bounds
   (numpy<2 and graphviz<0.9, both wrong for how chapter5 uses it: docs/colab.md).
Prints one line per finding and exits 1 when any; the venv is made afresh each time.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import wheelhouse  # noqa: E402

import notebooks  # noqa: E402

FREEZE = os.path.join(ROOT, 'requirements', 'colab', 'pip-freeze.txt')
WORK = os.path.join(ROOT, 'build', 'colab')
KERNEL = 'chapter5-colab'
# what MXNet 1.9.1 declares and chapter5 does not need (its numpy<2 is why it installs --no-deps on
# numpy 2; its graphviz<0.9 is a pin of 2019: plot_network runs on Colab's 0.21)
EXPECTED_PIP_CHECK = ('mxnet 1.9.1 has requirement numpy<2.0.0', 'mxnet 1.9.1 has requirement graphviz<0.9.0')


def colab_pins(path=FREEZE):
    """{normalised name: version} of Colab's preinstalled packages (those pinned by version)."""
    pins = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            pin = re.match(r'^([A-Za-z0-9._-]+)==(\S+)$', line.strip())
            if pin:
                pins[wheelhouse.normalise(pin.group(1))] = (pin.group(1), pin.group(2))
    return pins


def preinstalled(lock, colab):
    """The `name==version` (Colab's) of every package of `lock` that Colab has too, sorted."""
    return sorted('%s==%s' % colab[name] for name in wheelhouse.read_lock(lock) if name in colab)


def pip(venv, *args, **kwargs):
    return subprocess.run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', '--disable-pip-version-check']
                          + list(args), check=True, text=True, **kwargs)


def freeze(venv):
    out = pip(venv, 'list', '--format=freeze', stdout=subprocess.PIPE).stdout
    return dict(line.split('==', 1) for line in out.splitlines() if '==' in line)


def pip_check(venv):
    done = subprocess.run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'check'], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    return set(line for line in done.stdout.splitlines() if 'No broken requirements' not in line)


def make_venv(python, venv, colab):
    """The Colab-like venv; the packages preinstalled in it."""
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, '-m', 'venv', venv], check=True)
    pip(venv, 'install', '--quiet', 'pip==%s' % colab['pip'][1])
    lock = os.path.join(ROOT, 'requirements', 'lock', 'py3.13-%s.txt' % os.uname().machine)
    wanted = preinstalled(lock, colab)
    with tempfile.NamedTemporaryFile('w', suffix='.txt') as constraints:
        constraints.write(''.join('%s==%s\n' % pin for pin in colab.values()))
        constraints.flush()
        pip(venv, 'install', '--quiet', '--prefer-binary', '-c', constraints.name, *wanted)
    return wanted


def install_kernel(venv, prefix):
    subprocess.run([os.path.join(venv, 'bin', 'python'), '-m', 'ipykernel', 'install', '--prefix', prefix,
                    '--name', KERNEL], check=True, stdout=subprocess.DEVNULL)
    os.environ['JUPYTER_PATH'] = os.path.join(prefix, 'share', 'jupyter')


def run_notebook(name):
    """Execute the section notebook in the Colab-like kernel, its first cell installing chapter5."""
    os.environ['CHAPTER5_SOURCE'] = ROOT
    nb = notebooks.parse(name)
    start = time.time()
    nb = notebooks.execute(nb, budget=True, kernel_name=KERNEL)
    first = ''.join(notebooks.outputs(nb.cells[1]))
    return time.time() - start, first


def findings(before, after, checked_before, checked_after, colab):
    """What the install changed that it should not have, one line each."""
    found = ['%s: %s before, %s after' % (n, v, after.get(n, 'removed')) for n, v in sorted(before.items())
             if after.get(n) != v]
    numpy = colab['numpy'][1]
    if after.get('numpy') != numpy:
        found.append('numpy is %s, not Colab\'s %s' % (after.get('numpy'), numpy))
    for line in sorted(checked_after - checked_before):
        if not line.startswith(EXPECTED_PIP_CHECK):
            found.append('pip check, new: ' + line)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog='tools/colab_check.py')
    parser.add_argument('--python', default='python3.13')
    parser.add_argument('--notebook', default='5.5-lenet', choices=notebooks.names())
    args = parser.parse_args(argv)
    colab = colab_pins()
    venv = os.path.join(WORK, 'venv')
    wanted = make_venv(args.python, venv, colab)
    before, checked_before = freeze(venv), pip_check(venv)
    install_kernel(venv, os.path.join(WORK, 'kernel'))
    seconds, first = run_notebook(args.notebook)
    after, checked_after = freeze(venv), pip_check(venv)
    added = sorted('%s==%s' % (n, v) for n, v in after.items() if n not in before)
    print('Colab-like venv: Python %s, pip %s, %d packages preinstalled at Colab\'s versions (%d asked '
          'for: %s)' % (args.python, before.get('pip'), len(before), len(wanted), ', '.join(wanted)))
    print('%s ran to its end in the Colab-like kernel in %.0f s; its first cell installed %d packages: %s'
          % (args.notebook, seconds, len(added), ', '.join(added)))
    if first.strip():
        print('first cell said: ' + first.strip().replace('\n', ' | ')[:400])
    found = findings(before, after, checked_before, checked_after, colab)
    for line in found:
        print('CHANGED ' + line)
    print('colab-check: %s (%d preinstalled packages unchanged, numpy %s)'
          % ('FAILED' if found else 'passed', len(before) - len(found), after.get('numpy')))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
