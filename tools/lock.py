"""make lock: the hash locks of the project's own venv, one per supported Python and Linux platform.

    python tools/lock.py UV            write requirements/lock/py3.X-ARCH.txt (and the torch lock)
    python tools/lock.py UV --check    make them again in a temporary folder and compare: exit 1 and
                                       name every file that differs (the committed lock is stale)

UV is the path of uv (requirements/tools.txt pins it; the Makefile installs it in .tools/). Each lock
is `uv pip compile` of setup.py's [test] extra plus requirements/venv.in, for one Python and one
platform (manylinux_2_28: glibc 2.28 and newer), with every file's sha256, with nothing uploaded
after EXCLUDE_NEWER (so the same command gives the same lock next year), and then checked to hold a
wheel for that Python and platform for every package (nothing is built from source on a learner's
machine). docs/install.md says why uv and how the pieces fit.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wheelhouse  # noqa: E402  (tools/, beside this file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIREMENTS = os.path.join(ROOT, 'requirements')
PYTHONS = ('3.10', '3.11', '3.12', '3.13')
PLATFORMS = ('x86_64', 'aarch64')
GLIBC = 'manylinux_2_28'
# the newest upload a lock may take; moving it forward is how the stack is updated on purpose
EXCLUDE_NEWER = '2026-12-01'
# numpy 2 from this Python on: there requirements/overrides.txt replaces MXNet's wrong numpy<2 bound
# (an override with a marker that does not hold would drop every other package's numpy bound, so it
# is passed only where it applies)
NUMPY2 = '3.13'
# the tests' PyTorch twins use torch's CPU build, which PyPI does not serve for x86_64 (its torch there
# is the CUDA build, several GB): this machine kind holds the CPU wheel for Python 3.11 in TORCH_WHEELS.
# Its lock is separate, so the main locks install from PyPI alone; tools/install-venv.sh installs it
# where the wheel is at hand.
TORCH = ('3.11', 'x86_64')
TORCH_WHEELS = os.environ.get('TORCH_WHEELS', '/opt/wheels')
# the packages published as source archives only (requirements/source-only.txt): every other package
# of a lock must have a wheel for its Python and platform
with open(os.path.join(REQUIREMENTS, 'source-only.txt'), encoding='utf-8') as f:
    SOURCE_ONLY = tuple(line.split()[0] for line in f if line.strip() and not line.startswith('#'))


def lock_name(python, platform):
    """The lock file of one Python and platform, relative to requirements/."""
    return os.path.join('lock', 'py%s-%s.txt' % (python, platform))


def torch_name():
    return os.path.join('lock', 'torch-py%s-%s.txt' % TORCH)


def compile_args(uv, python, platform, out):
    """uv's command for one lock, run in requirements/ (relative paths keep the header portable)."""
    args = [uv, 'pip', 'compile', '../setup.py', 'venv.in', '--extra', 'test',
            '--python-version', python, '--python-platform', '%s-%s' % (platform, GLIBC),
            '--generate-hashes', '--exclude-newer', EXCLUDE_NEWER, '--custom-compile-command', 'make lock',
            '--quiet', '--output-file', out]
    if tuple(map(int, python.split('.'))) >= tuple(map(int, NUMPY2.split('.'))):
        args += ['--override', 'overrides.txt']
    return args


def wheels_args(uv, python, platform, pins):
    """uv's check that every package pinned in the file `pins` has a wheel for this Python and platform."""
    return [uv, 'pip', 'compile', pins, '--no-deps', '--only-binary', ':all:', '--python-version', python,
            '--python-platform', '%s-%s' % (platform, GLIBC), '--exclude-newer', EXCLUDE_NEWER,
            '--quiet', '--output-file', os.devnull]


def torch_args(uv, out, constraints):
    """uv's command for the torch lock: the CPU wheel from TORCH_WHEELS, the rest as the main lock has it."""
    python, platform = TORCH
    return [uv, 'pip', 'compile', 'torch.in', '--constraint', constraints, '--find-links', TORCH_WHEELS,
            '--python-version', python, '--python-platform', '%s-%s' % (platform, GLIBC),
            '--generate-hashes', '--custom-compile-command', 'make lock', '--quiet', '--output-file', out]


def run(args, cwd=REQUIREMENTS):
    """Run one uv command in `cwd`; on failure print its output and stop with its status."""
    done = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if done.returncode:
        sys.stderr.write(done.stdout)
        sys.exit('make lock: `%s` failed (above)' % ' '.join(args[1:4] + args[-2:]))


def write_locks(uv, folder):
    """Every lock into `folder` (a copy of requirements/lock's place), each checked for wheels."""
    os.makedirs(os.path.join(folder, 'lock'), exist_ok=True)
    for python in PYTHONS:
        for platform in PLATFORMS:
            out = os.path.join(folder, lock_name(python, platform))
            remove(out)
            run(compile_args(uv, python, platform, out))
            check_wheels(uv, python, platform, out)
            print('%s: %d packages' % (os.path.relpath(out, folder), len(pins(out))))
    out = os.path.join(folder, torch_name())
    remove(out)
    # run beside the new main lock, so that the file names its constraint as requirements/ does
    if folder != REQUIREMENTS:
        shutil.copy(os.path.join(REQUIREMENTS, 'torch.in'), folder)
    run(torch_args(uv, torch_name(), lock_name(*TORCH)), cwd=folder)
    print('%s: %d packages' % (os.path.relpath(out, folder), len(pins(out))))


def pins(path):
    """The `name==version` pins of a lock, in order (names as file names spell them)."""
    return ['%s==%s' % (name, version) for name, (version, _) in wheelhouse.read_lock(path).items()]


def check_wheels(uv, python, platform, lock):
    """Stop unless every package of `lock` but SOURCE_ONLY's has a wheel for this Python and platform."""
    with tempfile.NamedTemporaryFile('w', suffix='.txt', encoding='utf-8') as f:
        f.write(''.join(p + '\n' for p in pins(lock) if p.split('==')[0] not in SOURCE_ONLY))
        f.flush()
        run(wheels_args(uv, python, platform, f.name))


def remove(path):
    """uv takes an existing output file's pins as preferences: every lock is resolved afresh instead."""
    if os.path.exists(path):
        os.remove(path)


def check(uv):
    """Make the locks again in a temporary folder; the names of the committed files that differ."""
    with tempfile.TemporaryDirectory() as tmp:
        names = [lock_name(p, a) for p in PYTHONS for a in PLATFORMS] + [torch_name()]
        write_locks(uv, tmp)
        stale = []
        for name in names:
            with open(os.path.join(tmp, name), encoding='utf-8') as new:
                fresh = new.read()
            try:
                with open(os.path.join(REQUIREMENTS, name), encoding='utf-8') as old:
                    same = old.read() == fresh
            except FileNotFoundError:
                same = False
            if not same:
                stale.append(name)
    return stale


def main(argv):
    if not argv or argv[0].startswith('-'):
        sys.exit('usage: python tools/lock.py UV [--check]   (make lock installs uv and runs this)')
    uv = shutil.which(argv[0])
    if uv is None:
        sys.exit('make lock: no uv at %s (make lock installs it in .tools/ from requirements/tools.txt)'
                 % argv[0])
    uv = os.path.abspath(uv)  # uv runs in requirements/
    if argv[1:] == ['--check']:
        stale = check(uv)
        if stale:
            sys.exit('make lock-check: %s differ from what make lock makes now: run make lock and commit '
                     'them' % ', '.join('requirements/' + s for s in stale))
        print('make lock-check: the committed locks are what make lock makes')
        return
    write_locks(uv, REQUIREMENTS)


if __name__ == '__main__':
    main(sys.argv[1:])
