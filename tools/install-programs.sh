#!/bin/sh
# Debian programs the tests and the notebooks use, installed with apt when root (as the data is):
#   tools/install-programs.sh graphviz [WHEELHOUSE]   `dot`, which draws the notes' network figures
#        (chapter5/diagrams.py; make demo): needed; without it this says what to install and fails.
#        With WHEELHOUSE, from its debian/ package files, with no network (make wheelhouse)
#   tools/install-programs.sh all                     graphviz, and chromium + chromium-driver for the
#        web book's browser test (tests/test_web_book.py; make test): without them that test is
#        skipped, saying why
what="${1:-all}"
wheelhouse="${2:-}"
need=""
command -v dot >/dev/null || need="$need graphviz"
if [ "$what" = all ]; then
    command -v chromium >/dev/null && command -v chromedriver >/dev/null || need="$need chromium chromium-driver"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && [ -n "$wheelhouse" ]; then
    echo "Installing graphviz from $wheelhouse/debian ..."
    # the package files the wheelhouse's machine lacked; apt takes what this one has of the rest
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-download \
        $(ls "$wheelhouse"/debian/*.deb | grep -v dataset-fashion-mnist) >/dev/null && exit 0
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's$need ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null && exit 0
fi
if ! command -v dot >/dev/null; then
    echo "graphviz's dot is missing (it draws the notebooks' network figures). Install it once with:" >&2
    echo "    sudo apt-get install graphviz" >&2
    echo "then run make again." >&2
    exit 1
fi
echo "No Chromium: the web book's browser test will be skipped. To run it: sudo apt-get install chromium chromium-driver" >&2
exit 0
