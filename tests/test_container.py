"""The Dockerfile, the devcontainer and make arm64-check share one install (tools/bootstrap.sh), and
agree on where the venv is and which port Jupyter serves. Whether the image builds here is said
in docs/platforms.md."""
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(*path):
    with open(os.path.join(ROOT, *path), encoding='utf-8') as f:
        return f.read()


def test_every_install_path_runs_the_one_bootstrap_script():
    docker = read('Dockerfile')
    assert re.search(r'^RUN sh tools/bootstrap\.sh python3 /opt/chapter5-venv', docker, re.M)
    assert "sh tools/bootstrap.sh python3 .venv" in read('tools', 'arm64-check.sh')
    bootstrap = read('tools', 'bootstrap.sh')
    for step in ('tools/install-data.sh', 'tools/install-programs.sh graphviz', 'tools/install-venv.sh'):
        assert step in bootstrap  # the steps make runs, not a second copy of them


def test_devcontainer_builds_the_dockerfile_and_uses_its_venv_and_port():
    dev = json.loads(read('.devcontainer', 'devcontainer.json'))
    docker = read('Dockerfile')
    assert dev['build']['dockerfile'] == '../Dockerfile'
    venv = re.search(r'^ENV PATH=(\S+)/bin:', docker, re.M).group(1)
    settings = dev['customizations']['vscode']['settings']
    assert settings['python.defaultInterpreterPath'] == venv + '/bin/python'
    port = int(re.search(r'^EXPOSE (\d+)', docker, re.M).group(1))
    assert dev['forwardPorts'] == [port] and '--port=%d' % port in docker
    assert dev['workspaceMount'].endswith('target=/chapter5,type=bind') and 'WORKDIR /chapter5' in docker
    assert not venv.startswith('/chapter5')  # the mounted project folder must not hide the venv


def test_the_build_context_leaves_local_venvs_and_builds_out():
    ignored = read('.dockerignore').split()
    assert {'.venv', '.venvs', '.tools', 'build', 'site', 'runs'} <= set(ignored)
