#!/bin/sh
# Debian's Chromium and ChromeDriver, which the web book's browser test drives (tests/test_web_book.py).
# Installed with apt when root, as the data is; otherwise the one command to run (the test says it
# was skipped, and why).
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium and chromium-driver (the web book's browser test) ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
    echo "No Chromium: the web book's browser test will be skipped. To run it: sudo apt-get install chromium chromium-driver" >&2
fi
exit 0
