#!/bin/sh
# tools/find-python.sh X.Y: the path of a working Python X.Y on this machine (pythonX.Y on PATH, or
# pyenv's ~/.pyenv/versions/X.Y.*), or nothing and exit status 1
v="$1"
py=$(command -v "python$v" || true)
if [ -n "$py" ] && ! "$py" -c 'import sys' >/dev/null 2>&1; then
    py=""  # a pyenv shim for a version pyenv does not have selected
fi
for candidate in "$HOME"/.pyenv/versions/"$v".*/bin/python; do
    [ -z "$py" ] && [ -x "$candidate" ] && py="$candidate"
done
[ -n "$py" ] && echo "$py"
