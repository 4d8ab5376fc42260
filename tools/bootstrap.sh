#!/bin/sh
# The one install for a bare Debian or Ubuntu machine, as root: the system packages chapter5 needs,
# then the same steps make runs (the data and graphviz through tools/install-data.sh and
# tools/install-programs.sh, the venv from its hash lock through tools/install-venv.sh).
# The Dockerfile, the devcontainer and make arm64-check run it; on a machine of your own `make demo`
# does the same from the project's folder. docs/platforms.md.
#   sh tools/bootstrap.sh [PYTHON [VENV]]
# PYTHON: default python3 (Debian 12's 3.11, Ubuntu 22.04's 3.10, 24.04's 3.12); VENV: default .venv,
# the container's /opt/chapter5-venv (outside the project's folder, which a devcontainer mounts over)
set -e
cd "$(dirname "$0")/.."
py="${1:-python3}"
venv="${2:-.venv}"
[ "$(id -u)" = 0 ] || { echo "tools/bootstrap.sh installs system packages: run it as root (or use make demo)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# libgomp1 (GNU OpenMP) and, on x86_64, libquadmath0, on arm64 libgfortran5: MXNet's Linux wheels load
# them and a minimal Debian lacks them (make container-check found the first two: every section failed
# with "cannot open shared object file"). The arm64 wheel also needs Arm Performance Libraries, which
# no Debian or PyPI package carries: tools/install-venv.sh says so (docs/platforms.md)
runtime=libgomp1
[ "$(dpkg --print-architecture)" = amd64 ] && runtime="$runtime libquadmath0"
[ "$(dpkg --print-architecture)" = arm64 ] && runtime="$runtime libgfortran5"
apt-get install -y -qq --no-install-recommends python3 python3-venv make ca-certificates $runtime >/dev/null
sh tools/install-data.sh
sh tools/install-programs.sh graphviz
sh tools/install-venv.sh "$py" "$venv"
[ "$venv" = .venv ] && touch ".venv/.installed-$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
echo "chapter5 is installed in $venv: $(uname -m), $("$py" --version)"
