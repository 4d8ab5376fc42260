#!/bin/sh
# Refuse, with what to do, a Python that MXNet 1.9.1 and numpy 1.23.5 cannot run on.
py="$1"
if [ -z "$py" ] || ! command -v "$py" >/dev/null 2>&1; then
    echo "No Python found. chapter5 needs Python 3.10-3.11 (3.11 recommended): install python3.11," >&2
    echo "or run make PYTHON=/path/to/python3.11" >&2
    exit 1
fi
"$py" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 11) else 1)' || {
    echo "$py is Python $("$py" -c 'import platform; print(platform.python_version())'):" \
         "chapter5 needs Python 3.10-3.11 (MXNet 1.9.1 needs numpy 1.23.5, which has no wheel for 3.12+;" \
         "its test stack needs 3.10+)." >&2
    echo "Install python3.11 and run make PYTHON=python3.11" >&2
    exit 1
}
