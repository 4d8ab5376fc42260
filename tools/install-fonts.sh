#!/bin/sh
# A font with Chinese glyphs for the notebooks' figures (Debian's fonts-wqy-microhei). Without one the
# figures fall back to English labels (chapter5/nbtools.py), so this never fails the build.
if fc-list 2>/dev/null | grep -qi -e "wqy" -e "cjk"; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's fonts-wqy-microhei (Chinese labels in the notebooks' figures) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; } ||
        echo "could not install fonts-wqy-microhei: the figures keep English labels" >&2
else
    echo "No Chinese font: the figures keep English labels. For Chinese ones: sudo apt-get install fonts-wqy-microhei" >&2
fi
exit 0
