#!/bin/bash
# Pause or continue the running `chapter5 reproduce` / `train` / `exercises --record` / `speedrun` processes
# (started as `python -m chapter5 ...`), e.g. around a
# benchmark or the test suite:   tools/pause.sh stop   ...   tools/pause.sh go
# `stop` sends SIGTSTP (the engine's PauseClock stops the process at its next Python step, within
# one sync window, and leaves the pause out of the epoch's seconds) and waits until each is stopped.
set -u
pattern='-m chapter5 (reproduce|train|exercises|speedrun)'
pids=$(pgrep -f -- "$pattern")
[ -n "$pids" ] || { echo "no chapter5 training process is running"; exit 0; }
case "${1:-}" in
  stop)
    kill -TSTP $pids
    for _ in $(seq 1 300); do
      running=0
      for p in $pids; do
        [[ $(ps -o stat= -p "$p" 2>/dev/null) == T* ]] || running=1
      done
      [ $running = 0 ] && { echo "stopped: $pids"; exit 0; }
      sleep 1
    done
    echo "not all stopped after 300 s: $pids" >&2; exit 1 ;;
  go)
    kill -CONT $pids && echo "continued: $pids" ;;
  *)
    echo "usage: tools/pause.sh stop|go" >&2; exit 2 ;;
esac
