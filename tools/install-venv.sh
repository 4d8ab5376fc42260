#!/bin/sh
# The project's venv from its hash lock (make setup): tools/install-venv.sh PYTHON VENV [WHEELHOUSE]
#
# Installs requirements/lock/pyX.Y-ARCH.txt for PYTHON's version and this machine's architecture with
# --require-hashes --no-deps (pip resolves nothing: exactly the locked files), then chapter5 itself
# (editable, so the notebooks see it) and the start-up hook's .pth. With WHEELHOUSE (a folder made by
# make wheelhouse) pip reads only that folder (--no-index, no pip configuration), after
# tools/wheelhouse.py has checked every file it needs is there and whole. docs/install.md.
set -e
py="$1"; venv="$2"; wheelhouse="${3:-}"
cd "$(dirname "$0")/.."
sh tools/check-python.sh "$py"
# a platform MXNet 1.9.1 has no build for: one line (chapter5/platforms.py), before any venv is made
"$py" -c 'import runpy, sys; w = runpy.run_path("chapter5/platforms.py")["problem"](); sys.exit(w)'
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$(uname -s)" != Linux ]; then
    echo "the project's venv is locked for Linux only; on $(uname -s) install chapter5 into an environment" \
         "of your own (pip install .) or use the container (docs/platforms.md)" >&2
    exit 1
fi
arch=$(uname -m)
[ "$arch" = arm64 ] && arch=aarch64
lock="requirements/lock/py$ver-$arch.txt"
if [ ! -f "$lock" ]; then
    echo "no lock for Python $ver on $arch ($lock): the project's venv is locked for Python 3.10-3.13 on" \
         "Linux x86_64 and aarch64; use one of them (make PYTHON=python3.12), or install chapter5 into an" \
         "environment of your own with pip install . (docs/install.md)" >&2
    exit 1
fi
if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$ver" ]; then
    echo "$venv has another Python: making it again with $py"
    rm -rf "$venv"
fi
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
pip="$venv/bin/python -m pip --disable-pip-version-check"
if [ -n "$wheelhouse" ]; then
    "$venv/bin/python" tools/wheelhouse.py check "$wheelhouse" "$lock"
    # only the wheelhouse: no index, and none of this machine's pip settings (its find-links included)
    export PIP_CONFIG_FILE=/dev/null
    unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
    from="--no-index --find-links $wheelhouse"
else
    from=""
fi
# setuptools first: it builds the two packages published as source only (d2lzh, jieba) and chapter5
# itself, inside this venv (--no-build-isolation), so nothing is fetched to build them
block=$(mktemp)
trap 'rm -f "$block"' EXIT
awk '/^setuptools==/ { on = 1 } on { print } on && !/\\$/ { exit }' "$lock" > "$block"
echo "Installing the locked stack ($lock) ..."
$pip install --quiet --require-hashes --no-deps $from -r "$block"
# wheels only, but for the packages published as source archives only
source=$(grep -v '^#' requirements/source-only.txt | cut -d' ' -f1 | paste -sd, -)
$pip install --quiet --require-hashes --no-deps --no-build-isolation --use-pep517 --only-binary :all: \
    --no-binary "$source" \
    $from -r "$lock"
# chapter5 itself: editable (make), or as a user's pip install . would lay it out (CHAPTER5_INSTALL=package,
# make pythons)
if [ "${CHAPTER5_INSTALL:-editable}" = package ]; then
    $pip install --quiet --no-deps --no-build-isolation $from .
else
    $pip install --quiet --no-deps --no-build-isolation $from -e .
fi
# MXNet's Linux wheels load GNU OpenMP and (x86_64) libquadmath, which a minimal Debian or Ubuntu lacks:
# say so here, not as an OSError in every section
for lib in libgomp.so.1:libgomp1 libquadmath.so.0:libquadmath0; do
    [ "${lib%%:*}" = libquadmath.so.0 ] && [ "$arch" != x86_64 ] && continue
    command -v ldconfig >/dev/null && ! ldconfig -p | grep -q "${lib%%:*}" &&
        echo "note: MXNet needs ${lib%%:*}, which this machine lacks: sudo apt-get install ${lib#*:}" >&2
done
# MXNet 1.9.1's aarch64 wheel links Arm Performance Libraries (libarmpl_lp64_mp.so, libamath.so,
# libastring.so) and does not ship them; no Debian or PyPI package carries them (make arm64-check)
if [ "$arch" = aarch64 ] && command -v ldconfig >/dev/null && ! ldconfig -p | grep -q 'libarmpl_lp64_mp\.so'; then
    echo "note: MXNet 1.9.1 on aarch64 needs Arm Performance Libraries (libarmpl_lp64_mp.so), which it does" \
         "not ship and no package registry carries: install them from Arm, or use the x86_64 image or" \
         "Colab (docs/platforms.md)" >&2
fi
# pip install -e installs no data files: the start-up hook's .pth goes into site-packages by hand
"$venv/bin/python" -c "import shutil, sysconfig; shutil.copy('chapter5-startup.pth', sysconfig.get_path('purelib'))"
