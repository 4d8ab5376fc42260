#!/bin/sh
# make torch: torch's CPU build from requirements/lock/torch-pyX.Y-ARCH.txt (hashed, no resolving), for
# the tests' PyTorch twins (tests/test_torch_models.py) and make bench. PyPI serves no CPU build of
# torch for x86_64 (its torch is the CUDA build, several GB); this machine kind holds the wheel for
# Python 3.11 (pip's find-links here). Where there is no lock or no wheel, one line says the twins'
# test will be skipped and why, and make goes on.
venv="$1"
cd "$(dirname "$0")/.."
ver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
arch=$(uname -m)
lock="requirements/lock/torch-py$ver-$arch.txt"
"$venv/bin/python" -c 'import torch' 2>/dev/null && exit 0
if [ ! -f "$lock" ]; then
    echo "no torch lock for Python $ver on $arch: tests/test_torch_models.py will be skipped (docs/install.md)"
    exit 0
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock" \
    >/dev/null 2>&1 ||
    echo "torch's CPU wheel ($(sed -n 's/^torch==\([^ ]*\).*/\1/p' "$lock")) is not at hand here: tests/test_torch_models.py will be skipped (docs/install.md)"
exit 0
