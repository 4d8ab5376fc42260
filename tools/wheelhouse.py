"""A wheelhouse: every file the project's venv and data need, in one folder a teacher copies.

    python tools/wheelhouse.py build DIR [--pythons 3.11 3.12] [--platforms x86_64 aarch64]
    python tools/wheelhouse.py check DIR LOCK

`build` (make wheelhouse) downloads every file of the chosen locks (requirements/lock/, checked by
their sha256), Debian's dataset-fashion-mnist and the graphviz packages this machine lacks
(debian/), the project's source (chapter5-src.tar.gz) and a Chinese README (tools/wheelhouse-README.md)
into DIR.partial, writes MANIFEST.sha256, and only then renames it to DIR: a cut build leaves no
folder that looks whole. `check` (tools/install-venv.sh, before pip) says in one line which file of
LOCK is missing or damaged, so pip's traceback is never the message. Standard library only: it runs
before anything is installed.
"""
import argparse
import glob
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCKS = os.path.join(ROOT, 'requirements', 'lock')
PYTHONS = ('3.10', '3.11', '3.12', '3.13')
PLATFORMS = ('x86_64', 'aarch64')
MANIFEST = 'MANIFEST.sha256'
DEBIAN = 'debian'
# pip download takes wheels for glibc 2.17-2.28 (the locks' manylinux_2_28 and every older tag)
GLIBCS = range(17, 29)


class WheelhouseError(Exception):
    """What is wrong with a wheelhouse, in one line."""


def read_lock(path):
    """{name: (version, set of sha256)} of a lock written by make lock."""
    pins, name = {}, None
    with open(path, encoding='utf-8') as f:
        for line in f:
            pin = re.match(r'^([A-Za-z0-9._-]+)==(\S+)', line)
            if pin:
                name = normalise(pin.group(1))
                pins[name] = (pin.group(2), set())
            for digest in re.findall(r'--hash=sha256:([0-9a-f]{64})', line):
                pins[name][1].add(digest)
    return pins


def normalise(name):
    """A distribution's name as file names spell it: lower case, runs of -_. as one _."""
    return re.sub(r'[-_.]+', '_', name).lower()


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def fits_here(filename):
    """Whether a wheel's tags name this interpreter and machine (source archives always fit)."""
    if not filename.endswith('.whl'):
        return True
    python, abi, plat = filename[:-4].split('-')[-3:]
    cp = 'cp%d%d' % sys.version_info[:2]
    pythons_ok = cp in python.split('.') or 'py3' in python.split('.') or abi == 'abi3'
    return pythons_ok and (plat == 'any' or platform.machine() in plat)


def files_for(folder, name, version):
    """The wheelhouse's files of one pinned distribution that fit this interpreter."""
    found = []
    for path in glob.glob(os.path.join(folder, '*')):
        base = os.path.basename(path)
        parts = re.split(r'-(?=\d)', base.rsplit('.tar.gz', 1)[0].rsplit('.whl', 1)[0], maxsplit=1)
        if (len(parts) == 2 and normalise(parts[0]) == name and parts[1].split('-')[0] == version
                and fits_here(base)):
            found.append(path)
    return found


def check_pin(folder, name, version, hashes):
    files = files_for(folder, name, version)
    if not files:
        raise WheelhouseError('wheelhouse %s has no file of %s==%s for Python %d.%d on %s: make it again '
                              'with make wheelhouse (--pythons/--platforms naming this machine)'
                              % (folder, name, version, sys.version_info[0], sys.version_info[1],
                                 platform.machine()))
    if not any(sha256(f) in hashes for f in files):
        raise WheelhouseError('wheelhouse %s: %s is damaged (its sha256 is not the lock\'s): copy it again '
                              'from the machine that made the wheelhouse'
                              % (folder, os.path.basename(files[0])))


def check_manifest(folder):
    """Every file MANIFEST.sha256 lists (the Debian packages and the source) is there and whole."""
    path = os.path.join(folder, MANIFEST)
    if not os.path.isfile(path):
        raise WheelhouseError('%s is not a wheelhouse (no %s): make one with make wheelhouse'
                              % (folder, MANIFEST))
    with open(path, encoding='utf-8') as f:
        for line in f:
            digest, name = line.rstrip('\n').split('  ', 1)
            if not os.path.isfile(os.path.join(folder, name)):
                raise WheelhouseError('wheelhouse %s is missing %s: copy it again' % (folder, name))
            if name.startswith(DEBIAN + '/') and sha256(os.path.join(folder, name)) != digest:
                raise WheelhouseError('wheelhouse %s: %s is damaged (sha256 differs from %s): copy it '
                                      'again' % (folder, name, MANIFEST))


def check(folder, lock):
    """Raise WheelhouseError naming the first missing or damaged file that installing `lock` needs."""
    check_manifest(folder)
    for name, (version, hashes) in read_lock(lock).items():
        check_pin(folder, name, version, hashes)


def download_args(lock, python, arch, dest):
    """pip's command for every file of one lock, for one Python and platform, checked by hash."""
    args = [sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps',
            '--require-hashes', '-r', lock, '-d', dest, '--python-version', python,
            '--implementation', 'cp']
    for glibc in GLIBCS:
        args += ['--platform', 'manylinux_2_%d_%s' % (glibc, arch)]
    args += ['--platform', 'manylinux2014_%s' % arch]
    return args


def pip_env():
    """The environment for pip download: the package index alone, none of this machine's pip settings."""
    env = {k: v for k, v in os.environ.items() if k not in ('PIP_FIND_LINKS', 'PIP_EXTRA_INDEX_URL')}
    env['PIP_CONFIG_FILE'] = os.devnull
    return env


def debian_packages():
    """dataset-fashion-mnist, and graphviz (and libgomp1, libquadmath0 on x86_64: MXNet loads them) with
    what installing them here would add."""
    runtime = ['libgomp1'] + (['libquadmath0'] if platform.machine() == 'x86_64' else [])
    plan = subprocess.run(['apt-get', 'install', '-s', 'graphviz'] + runtime, stdout=subprocess.PIPE,
                          text=True, check=True).stdout
    added = re.findall(r'^Inst (\S+)', plan, re.M)
    return ['dataset-fashion-mnist'] + sorted(set(added) | {'graphviz'})


def download_debian(dest):
    os.makedirs(dest)
    # as root apt hands the download to its _apt user, which cannot write here: keep it root's own
    subprocess.run(['apt-get', 'download', '-q', '-o', 'APT::Sandbox::User=root'] + debian_packages(),
                   cwd=dest, check=True,
                   stdout=subprocess.DEVNULL)


def write_manifest(folder):
    lines = []
    for here, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            path = os.path.join(here, name)
            lines.append('%s  %s\n' % (sha256(path), os.path.relpath(path, folder)))
    with open(os.path.join(folder, MANIFEST), 'w', encoding='utf-8') as f:
        f.writelines(line for line in lines if not line.endswith('  ' + MANIFEST + '\n'))
        f.flush()
        os.fsync(f.fileno())


def build(folder, pythons, platforms):
    if os.path.exists(folder):
        raise WheelhouseError('%s exists already: remove it, or name another folder (WHEELHOUSE=...)'
                              % folder)
    partial = folder.rstrip('/') + '.partial'
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    for python in pythons:
        for arch in platforms:
            lock = os.path.join(LOCKS, 'py%s-%s.txt' % (python, arch))
            print('downloading %s ...' % os.path.relpath(lock, ROOT), flush=True)
            subprocess.run(download_args(lock, python, arch, partial), check=True, env=pip_env())
    download_debian(os.path.join(partial, DEBIAN))
    subprocess.run(['git', 'archive', '--format=tar.gz', '--prefix=chapter5/', '-o',
                    os.path.join(partial, 'chapter5-src.tar.gz'), 'HEAD'], cwd=ROOT, check=True)
    shutil.copy(os.path.join(ROOT, 'tools', 'wheelhouse-README.md'), os.path.join(partial, 'README.md'))
    write_manifest(partial)
    os.rename(partial, folder)
    files = [os.path.join(here, n) for here, _, names in os.walk(folder) for n in names]
    print('wheelhouse %s: %d files, %.0f MB' % (folder, len(files), sum(map(os.path.getsize, files)) / 1e6))


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='tools/wheelhouse.py')
    verbs = parser.add_subparsers(dest='verb', required=True)
    b = verbs.add_parser('build')
    b.add_argument('folder')
    b.add_argument('--pythons', nargs='+', default=list(PYTHONS), choices=PYTHONS)
    b.add_argument('--platforms', nargs='+', default=list(PLATFORMS), choices=PLATFORMS)
    c = verbs.add_parser('check')
    c.add_argument('folder')
    c.add_argument('lock')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.verb == 'build':
            build(args.folder, args.pythons, args.platforms)
        else:
            check(args.folder, args.lock)
    except WheelhouseError as e:
        sys.exit(str(e))
    except subprocess.CalledProcessError as e:
        sys.exit('make wheelhouse: `%s` failed (exit %d): see above' % (' '.join(e.cmd[:4]), e.returncode))


if __name__ == '__main__':
    main()
