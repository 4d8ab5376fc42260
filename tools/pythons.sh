#!/bin/sh
# make pythons: for each supported Python found on this machine (or those named: 3.12 3.13), a venv in
# .venvs/X.Y with chapter5 installed as a user would (pip install .), then `chapter5 verify` and a
# one-epoch LeNet on the first 6000 images; one line per interpreter, and the exit status is 1 when
# any of them failed. Each venv's log: .venvs/X.Y.log.
cd "$(dirname "$0")/.." || exit 1
versions="${*:-3.10 3.11 3.12 3.13}"
mkdir -p .venvs
failed=0
for v in $versions; do
    py=$(command -v "python$v" || true)
    for candidate in "$HOME"/.pyenv/versions/"$v".*/bin/python; do
        [ -z "$py" ] && [ -x "$candidate" ] && py="$candidate"
    done
    if [ -z "$py" ] || ! "$py" -c 'import sys' >/dev/null 2>&1; then
        echo "Python $v: not on this machine"
        continue
    fi
    log=".venvs/$v.log"
    start=$(date +%s)
    result=ok
    {
        rm -rf ".venvs/$v" &&
        "$py" -m venv ".venvs/$v" &&
        ".venvs/$v/bin/python" -m pip install --disable-pip-version-check --quiet . &&
        ".venvs/$v/bin/chapter5" verify &&
        ".venvs/$v/bin/chapter5" train lenet --epochs 1 --num-train 6000 --num-test 1000 --seed 0
    } > "$log" 2>&1 || result=FAILED
    full=$("$py" -c 'import platform; print(platform.python_version())')
    verify=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    trained=$(grep -E '^epoch 1, ' "$log" | sed 's/, time.*//')
    echo "Python $full: $result (verify: ${verify:-none}; ${trained:-no training}; $(( $(date +%s) - start )) s; $log)"
    [ "$result" = ok ] || failed=1
done
exit $failed
