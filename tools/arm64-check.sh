#!/bin/sh
# make arm64-check: linux/arm64 proven without an ARM machine, under emulation. As root: Debian 12's
# arm64 root file system from Debian's packages (debootstrap, kept in build/arm64/root between runs),
# qemu-user-static registered with binfmt_misc, then inside it (chroot) the project's own install for a
# bare Debian machine (tools/bootstrap.sh: system packages, data, graphviz, the py3.11-aarch64 lock),
# `chapter5 verify` and one epoch of LeNet on a subset. Prints the machine it saw (aarch64), the verify
# line, the training line and the time; the host CPU is named, and everything ran emulated: its times
# say nothing of a real ARM machine's speed. Log: build/arm64/check.log.
set -e
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "make arm64-check needs root (debootstrap, binfmt_misc, chroot)" >&2; exit 1; }
work="$(pwd)/build/arm64"
rootfs="$work/root"
mkdir -p "$work"
start=$(date +%s)
command -v debootstrap >/dev/null && [ -e /usr/lib/binfmt.d/qemu-aarch64.conf ] || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap qemu-user-static >/dev/null; }
# binfmt_misc: the kernel hands arm64 programs to qemu (flag F: the interpreter is opened now, so it
# works inside the chroot too)
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register
mirror=$(sh tools/debian-mirror.sh)
if [ ! -x "$rootfs/usr/bin/python3" ]; then
    echo "debootstrap: Debian 12 arm64 into $rootfs (emulated; minutes) ..."
    rm -rf "$rootfs"
    debootstrap --arch=arm64 --variant=minbase --include=python3,python3-venv,make,ca-certificates \
        bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 ||
        { echo "debootstrap failed: $work/debootstrap.log" >&2; exit 1; }
fi
booted=$(date +%s)
rm -rf "$rootfs/chapter5" && mkdir "$rootfs/chapter5"
git archive HEAD | tar -x -C "$rootfs/chapter5"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
for fs in proc sys dev dev/pts; do mount --bind "/$fs" "$rootfs/$fs"; done
trap 'for fs in dev/pts proc sys dev; do umount -l "$rootfs/$fs" 2>/dev/null; done' EXIT
# inside, a fresh machine's environment (env -i): none of this machine's settings (its pip find-links, its
# certificate variables naming files the chroot does not have); where this machine's pip trusts its own
# certificate bundle (PIP_CERT), pip inside does too
certs=""
if [ -n "${PIP_CERT:-}" ]; then cp "$PIP_CERT" "$rootfs/etc/host-ca.crt"; certs="PIP_CERT=/etc/host-ca.crt"; fi
chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 $certs /bin/sh -c 'cd /chapter5 && sh tools/bootstrap.sh python3 .venv &&
    .venv/bin/python -c "import platform; print(\"machine:\", platform.machine())" &&
    .venv/bin/chapter5 verify &&
    .venv/bin/chapter5 train lenet --epochs 1 --num-train 6000 --num-test 2000 --seed 0' \
    2>&1 | tee "$work/check.log"
end=$(date +%s)
machine=$(sed -n 's/^machine: //p' "$work/check.log")
verify=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/check.log" | tail -n 1)
trained=$(grep -E '^epoch 1, ' "$work/check.log" | tail -n 1)
if grep -q 'libarmpl_lp64_mp.so: cannot open' "$work/check.log"; then
    echo "make arm64-check: FAILED: the install ran on $machine ($((end - booted)) s, emulated), but MXNet 1.9.1's" \
         "aarch64 wheel needs Arm Performance Libraries (libarmpl_lp64_mp.so), which it does not ship and no" \
         "package registry carries: every section stops at import mxnet (docs/platforms.md; $work/check.log)" >&2
    exit 1
fi
[ "$machine" = aarch64 ] && echo "$verify" | grep -q ', 0 failed$' && [ -n "$trained" ] ||
    { echo "make arm64-check: FAILED ($work/check.log)" >&2; exit 1; }
echo "arm64-check: $machine, emulated by qemu on $(uname -m) ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1));" \
     "$verify; LeNet $trained; root file system $((booted - start)) s, install and checks $((end - booted)) s"
