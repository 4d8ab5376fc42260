"""chapter5.engine.pause: kill -TSTP stops a run at its next step and its clock leaves the stop out."""
import signal
import subprocess
import sys

PAUSED_CHILD = '''
import sys, time
from chapter5.engine.pause import PauseClock
with PauseClock() as clock:
    start, wall = clock(), time.monotonic()
    print('ready', flush=True)
    while clock() - start < 1.0:
        time.sleep(0.02)
    print(clock.pauses, round(clock.paused, 2), round(time.monotonic() - wall, 2), flush=True)
'''


def test_pause_clock_stops_the_process_on_sigtstp_and_leaves_the_stop_out():
    proc = subprocess.Popen([sys.executable, '-c', PAUSED_CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == 'ready'
        proc.send_signal(signal.SIGTSTP)
        state = None
        for _ in range(100):  # the handler stops the process with SIGSTOP
            with open('/proc/%d/stat' % proc.pid) as f:
                state = f.read().rsplit(')', 1)[1].split()[0]
            if state == 'T':
                break
            subprocess.run(['sleep', '0.02'])
        assert state == 'T'
        subprocess.run(['sleep', '1.5'])
        proc.send_signal(signal.SIGCONT)
        pauses, paused, wall = proc.stdout.readline().split()
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    assert int(pauses) == 1 and float(paused) >= 1.4
    assert abs(float(wall) - float(paused) - 1.0) < 0.5  # a second of the clock's own, the pause besides


NESTED_CHILD = '''
import time
from chapter5.engine.pause import PauseClock, paused_seconds
with PauseClock() as outer:
    before = paused_seconds()
    with PauseClock() as inner:
        start = inner()
        print('ready', flush=True)
        while inner() - start < 1.0:
            time.sleep(0.02)
    print(round(inner.paused, 2), round(paused_seconds() - before, 2), outer.paused, flush=True)
'''


def test_a_pause_taken_by_an_inner_clock_is_counted_for_the_outer_one():
    """An exercise answer (outer clock) that trains with its own clock (inner) learns of the pause
    through paused_seconds(): the answer's time leaves it out too."""
    proc = subprocess.Popen([sys.executable, '-c', NESTED_CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == 'ready'
        proc.send_signal(signal.SIGTSTP)
        subprocess.run(['sleep', '1.5'])
        proc.send_signal(signal.SIGCONT)
        inner, total, outer = map(float, proc.stdout.readline().split())
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    assert inner >= 1.3 and total == inner and outer == 0.0
