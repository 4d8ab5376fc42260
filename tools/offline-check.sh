#!/bin/sh
# make offline-check: the classroom without internet, for real. Makes a wheelhouse for this Python and
# machine (online), unpacks the project from the wheelhouse's own source archive as a teacher would,
# then runs `make demo WHEELHOUSE=...` inside a network namespace that has no interface but loopback
# and no route (made here, removed on exit), so nothing can reach the network. Passes when the demo
# ends with `N passed, 0 failed`. Needs root (ip netns). Prints the wheelhouse's size and both times.
set -e
py="${1:-python3}"
cd "$(dirname "$0")/.."
root=$(pwd)
[ "$(id -u)" = 0 ] || { echo "make offline-check needs root (it makes a network namespace with ip netns)" >&2; exit 1; }
command -v ip >/dev/null || { apt-get update -qq && apt-get install -y -qq iproute2 >/dev/null; }
sh tools/check-python.sh "$py"
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
arch=$(uname -m)
work="$root/build/offline"
rm -rf "$work" && mkdir -p "$work"
start=$(date +%s)
"$py" tools/wheelhouse.py build "$work/wheelhouse" --pythons "$ver" --platforms "$arch"
built=$(date +%s)
tar -xzf "$work/wheelhouse/chapter5-src.tar.gz" -C "$work"
ns="chapter5-offline-$$"
ip netns add "$ns"
trap 'ip netns delete "$ns"' EXIT
ip netns exec "$ns" ip link set lo up
links=$(ip netns exec "$ns" ip -o link show | grep -cv ': lo:' || true)
routes=$(ip netns exec "$ns" ip route show | grep -cv '^local\|127.0.0' || true)
echo "network namespace $ns: $links interfaces besides loopback, $routes routes out"
[ "$links" = 0 ] && [ "$routes" = 0 ]
data=$(sh -c '[ -d /usr/share/datasets/fashion-mnist ] && echo "installed already" || echo "from the wheelhouse"')
dot=$(command -v dot >/dev/null && echo "installed already" || echo "from the wheelhouse")
ip netns exec "$ns" make -C "$work/chapter5" demo PYTHON="$py" WHEELHOUSE="$work/wheelhouse" \
    2>&1 | tee "$work/demo.log"
end=$(date +%s)
grep -qE '^[0-9]+ passed, 0 failed$' "$work/demo.log" || { echo "make offline-check: the offline demo failed ($work/demo.log)" >&2; exit 1; }
echo "offline-check: Python $ver on $arch ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1));" \
     "wheelhouse $(du -sh "$work/wheelhouse" | cut -f1) made in $((built - start)) s;" \
     "offline make demo $((end - built)) s (data $data, graphviz $dot); $(grep -E '^[0-9]+ passed, 0 failed$' "$work/demo.log")"
