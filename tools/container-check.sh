#!/bin/sh
# make container-check: the Dockerfile built and run for real, with Debian's podman, as root. No image
# registry is reachable from the project's machines, so the base image (the Dockerfile's BASE) is
# Debian 12 made here from Debian's packages (debootstrap, kept in build/container/) and imported; then
# the image is built (its RUN: tools/bootstrap.sh), `chapter5 verify` runs in it with no network, and
# Jupyter is started as the Dockerfile says, published on 127.0.0.1 only, and asked for its API with
# the token it printed. linux/amd64 here; linux/arm64 is make arm64-check's. docs/platforms.md.
set -e
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "make container-check needs root (debootstrap, podman)" >&2; exit 1; }
command -v podman >/dev/null && command -v debootstrap >/dev/null && command -v runc >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null; }
# this machine's sandbox: cgroups in hybrid mode (crun refuses them: runc) and root without
# CAP_SYS_RESOURCE (a container may only lower its limits: nofile and nproc set below the host's)
podman="podman --runtime runc"
limits="--ulimit nofile=1024:1024 --ulimit nproc=4096:4096"
work="$(pwd)/build/container"
rootfs="$work/root"
base=localhost/chapter5-base:bookworm
image=localhost/chapter5:check
mkdir -p "$work"
start=$(date +%s)
mirror=$(sh tools/debian-mirror.sh)
if ! podman image exists "$base"; then
    [ -x "$rootfs/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$rootfs" "$mirror" \
        > "$work/debootstrap.log" 2>&1 || { echo "debootstrap failed: $work/debootstrap.log" >&2; exit 1; }
    tar -C "$rootfs" -c . | podman import - "$base" >/dev/null
fi
# where this machine's pip trusts its own certificate bundle (PIP_CERT), the build's pip does too
certs=""
[ -n "${PIP_CERT:-}" ] && certs="-v $PIP_CERT:/run/host-ca.crt:ro --env PIP_CERT=/run/host-ca.crt"
$podman build $limits $certs --network host --build-arg BASE="$base" -t "$image" . > "$work/build.log" 2>&1 ||
    { echo "make container-check: the image did not build ($work/build.log)" >&2; exit 1; }
built=$(date +%s)
$podman run $limits --rm --network none "$image" chapter5 verify > "$work/verify.log" 2>&1 || true
verify=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/verify.log" | tail -n 1)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
podman rm -f chapter5-check-jupyter >/dev/null 2>&1 || true
$podman run $limits -d --name chapter5-check-jupyter -p "127.0.0.1:$port:8888" "$image" >/dev/null
trap 'podman rm -f chapter5-check-jupyter >/dev/null 2>&1' EXIT
token=""
for _ in $(seq 1 60); do
    token=$(podman logs chapter5-check-jupyter 2>&1 | sed -n 's/.*token=\([0-9a-f]*\).*/\1/p' | head -n 1)
    [ -n "$token" ] && break
    sleep 1
done
code=$(python3 -c "import sys, urllib.request as u; print(u.urlopen('http://127.0.0.1:$port/api/status?token=$token', timeout=10).status)" 2>/dev/null || echo none)
listening=$(podman port chapter5-check-jupyter 8888)
echo "$verify" | grep -q ', 0 failed$' && [ "$code" = 200 ] && [ "$listening" = "127.0.0.1:$port" ] ||
    { echo "make container-check: FAILED (verify: ${verify:-none}, Jupyter: $code on $listening; $work/)" >&2; exit 1; }
echo "container-check: image $(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')" \
     "built in $((built - start)) s (podman, linux/$(uname -m)); in it with no network: $verify;" \
     "Jupyter answered 200 with its token on $listening only"
