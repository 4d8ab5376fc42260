#!/bin/sh
# tools/debian-mirror.sh: the Debian mirror this machine's apt uses (for debootstrap), from its
# deb822 .sources files or its one-line sources.list
cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p; s/^deb \([^ ]*debian\) bookworm main.*/\1/p' | head -n 1
