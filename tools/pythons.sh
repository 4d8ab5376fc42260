#!/bin/sh
# make pythons: for each supported Python found on this machine (or those named: 3.12 3.13), a venv in
# .venvs/X.Y from that Python's hash lock (tools/install-venv.sh: pip resolves nothing) with chapter5
# installed as a user would (pip install ., not editable), then `chapter5 verify` and one
# epoch of the BN-LeNet (the book's recipe), which must learn (test acc >= 0.5), the book's
# `import d2lzh` first, and two notebooks checked against the stored ones; numpy must come from a
# wheel (install-venv.sh builds only requirements/source-only.txt's packages: no 'Building wheel for
# numpy' in the log); one line per
# interpreter, and the exit status is 1 when any of them failed. Each venv's log: .venvs/X.Y.log.
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
versions="${*:-3.10 3.11 3.12 3.13}"
mkdir -p .venvs
failed=0
for v in $versions; do
    py=$(sh tools/find-python.sh "$v")
    if [ -z "$py" ]; then
        echo "Python $v: not on this machine"
        continue
    fi
    log=".venvs/$v.log"
    start=$(date +%s)
    result=ok
    {
        rm -rf ".venvs/$v" &&
        CHAPTER5_INSTALL=package sh tools/install-venv.sh "$py" ".venvs/$v" &&
        ".venvs/$v/bin/chapter5" verify &&
        ".venvs/$v/bin/chapter5" train lenet_bn --epochs 1 --seed 0 &&
        (cd /tmp && "$root/.venvs/$v/bin/python" -c 'import d2lzh as d2l; from mxnet import nd; print("the book'"'"'s import d2lzh first:", d2l.try_gpu(), nd.ones((2, 2)).sum().asscalar())') &&
        ".venvs/$v/bin/python" tools/notebooks.py check 5.1-conv-layer 5.4-pooling
    } > "$log" 2>&1 || result=FAILED
    # numpy comes from a wheel on every Python (--only-binary=numpy): no compiler, minutes not ten
    grep -q 'Building wheel for numpy' "$log" && result=FAILED
    learned=$(sed -n 's/^epoch 1, .*test acc \([0-9.]*\),.*/\1/p' "$log")
    awk -v a="${learned:-0}" 'BEGIN { exit !(a >= 0.5) }' || result=FAILED
    full=$("$py" -c 'import platform; print(platform.python_version())')
    verify=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    trained=$(grep -E '^epoch 1, ' "$log" | sed 's/, time.*//; s/^/BN-LeNet /')
    echo "Python $full: $result (verify: ${verify:-none}; ${trained:-no training}; $(( $(date +%s) - start )) s; $log)"
    [ "$result" = ok ] || failed=1
done
exit $failed
