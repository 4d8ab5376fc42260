"""Where MXNet 1.9.1 can run, and one line for where it cannot (docs/platforms.md).

MXNet 1.9.1 has wheels for Linux x86_64, Linux aarch64 and Intel macOS only: none for Windows (after
1.7) and none for Apple-Silicon Macs. `problem(system, machine)` says, in Chinese and English, what a
learner on another platform should do instead. Standard library only: setup.py reads this file with
runpy before anything is installed, chapter5/__init__.py calls it at import, and
tools/install-venv.sh asks it before making a venv.
"""
import platform

GUIDE = 'docs/platforms.md'
WHERE = ('用 WSL2、容器（Dockerfile / .devcontainer）或 Google Colab；use WSL2, the container '
         '(Dockerfile, .devcontainer) or Google Colab: %s' % GUIDE)


def problem(system=None, machine=None):
    """None where MXNet 1.9.1 runs, else one line naming the platform and what to do."""
    system = platform.system() if system is None else system
    machine = (platform.machine() if machine is None else machine).lower()
    if system == 'Linux' and machine in ('x86_64', 'amd64', 'aarch64', 'arm64'):
        return None
    if system == 'Darwin' and machine == 'x86_64':
        return None  # Intel macOS: MXNet's wheel exists (not tested here: docs/platforms.md)
    if system == 'Windows':
        name = 'Windows（原生 Python）/ native Windows'
    elif system == 'Darwin':
        name = 'Apple 芯片的 macOS / macOS on Apple Silicon (%s)' % machine
    else:
        name = '%s %s' % (system, machine)
    return ('MXNet 1.9.1 没有 %s 的安装包，chapter5 不能在这里直接运行：%s '
            '(MXNet 1.9.1 has no build for %s)' % (name, WHERE, name))
