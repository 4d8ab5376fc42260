"""Pausing a long run without counting the pause: `kill -TSTP PID` stops the training process,
`kill -CONT PID` lets it go on, and the epoch's seconds leave the stopped time out.

A run that shares the machine with a benchmark or the test suite is paused, not slowed: two
every-core MXNet processes on the same cores slow each other far more than they share.
"""
import os
import signal
import threading
import time

_TOTAL = [0.0]  # the seconds this process was paused, whichever clock took the pause


def paused_seconds():
    """The seconds this process has been paused by any PauseClock (nested clocks: the innermost takes
    the signal, this counts it for all)."""
    return _TOTAL[0]


class PauseClock:
    """A clock that stands still while the process is paused by SIGTSTP, and what the pauses took.

    Inside `with PauseClock() as clock:` SIGTSTP runs a handler that stops the process with
    SIGSTOP (MXNet's threads with it) and, once SIGCONT wakes it, adds the stopped seconds to
    `clock.paused`. `clock()` is time.monotonic() less those seconds. Outside the main thread,
    where Python cannot take signals, it is a plain monotonic clock.
    """

    def __init__(self):
        self.paused, self.pauses = 0.0, 0
        self._previous = None

    def __call__(self):
        return time.monotonic() - self.paused

    def _stop(self, signum, frame):
        start = time.monotonic()
        os.kill(os.getpid(), signal.SIGSTOP)  # returns once SIGCONT continues the process
        self.paused += time.monotonic() - start
        _TOTAL[0] += time.monotonic() - start
        self.pauses += 1

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTSTP, self._stop)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGTSTP, self._previous)
            self._previous = None
        return False
