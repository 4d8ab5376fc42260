#!/bin/sh
# Install Fashion-MNIST from Debian's dataset-fashion-mnist package (real data, no download at run time).
set -e
if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's dataset-fashion-mnist (Fashion-MNIST in /usr/share/datasets/fashion-mnist) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
else
    echo "Fashion-MNIST is missing. Install it once with:" >&2
    echo "    sudo apt-get install dataset-fashion-mnist" >&2
    echo "then run make again." >&2
    exit 1
fi
