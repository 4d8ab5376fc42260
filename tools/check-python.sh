#!/bin/sh
# Refuse, with what to do, a Python that MXNet 1.9.1 cannot run on (chapter5 supports 3.10-3.14:
# numpy 1.23.5 up to 3.11, numpy 1.26.4 on 3.12, numpy 2.3.5 from 3.13, with the start-up hook from
# 3.12; setup.py's python_requires and chapter5.SUPPORTED_PYTHON say the same). 3.14 is accepted with
# a note: no 3.14 interpreter was at hand on the project's machines (docs/pythons.md).
py="$1"
if [ -z "$py" ] || ! command -v "$py" >/dev/null 2>&1; then
    echo "No Python found at '$py'. chapter5 needs Python 3.10-3.14: install one, or run" >&2
    echo "make PYTHON=/path/to/python3.12" >&2
    exit 1
fi
"$py" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 14) else 1)' || {
    echo "$py is Python $("$py" -c 'import platform; print(platform.python_version())'):" \
         "chapter5 needs Python 3.10-3.14 (MXNet 1.9.1 runs with numpy 1.23.5, 1.26.4 or 2.3.5 and the" \
         "start-up hook; the test stack needs 3.10+)." >&2
    echo "Install one of them and run make PYTHON=python3.12 (or 3.10, 3.11, 3.13)" >&2
    exit 1
}
if "$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 14) else 1)'; then
    echo "note: Python 3.14 is accepted but untested here (the project's machines have 3.10-3.13; docs/pythons.md)" >&2
fi
exit 0
