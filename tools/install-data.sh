#!/bin/sh
# Install Fashion-MNIST from Debian's dataset-fashion-mnist package (real data, no download at run time):
#   tools/install-data.sh              with apt-get, as root
#   tools/install-data.sh WHEELHOUSE   from the package file in a wheelhouse (make wheelhouse), with no
#                                      network: dpkg as root, else unpacked into the book's own folder
#                                      ~/.mxnet/datasets/fashion-mnist
set -e
wheelhouse="${1:-}"
if [ -n "$wheelhouse" ]; then
    deb=$(ls "$wheelhouse"/debian/dataset-fashion-mnist_*.deb 2>/dev/null | head -n 1)
    if [ -z "$deb" ]; then
        echo "wheelhouse $wheelhouse has no debian/dataset-fashion-mnist_*.deb: make it again with make wheelhouse" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Fashion-MNIST from $deb ..."
        dpkg -i "$deb" >/dev/null
    else
        unpacked=$(mktemp -d)
        dpkg-deb -x "$deb" "$unpacked"
        mkdir -p "$HOME/.mxnet/datasets/fashion-mnist"
        cp "$unpacked"/usr/share/datasets/fashion-mnist/*.gz "$HOME/.mxnet/datasets/fashion-mnist/"
        rm -rf "$unpacked"
        echo "Fashion-MNIST unpacked from $deb into ~/.mxnet/datasets/fashion-mnist"
    fi
    exit 0
fi
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
