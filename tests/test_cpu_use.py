"""chapter5.engine.cpu_use: an epoch's CPU seconds, and the machine's stolen and I/O-waiting ones."""
import time

from chapter5.engine.cpu_use import cpu_use, spent


def test_the_process_cpu_seconds_grow_with_work_and_not_with_sleep():
    before = cpu_use()
    time.sleep(0.3)
    slept = spent(before, cpu_use())
    before = cpu_use()
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    worked = spent(before, cpu_use())
    assert slept['cpu_seconds'] <= 0.1 and worked['cpu_seconds'] >= 0.2


def test_steal_and_iowait_come_from_the_cpu_line_in_clock_ticks(tmp_path, monkeypatch):
    monkeypatch.setattr('os.sysconf', lambda name: 100)
    stat = tmp_path / 'stat'
    stat.write_text('cpu  6761958 29438 674891 1120761 9022 0 3355 5479 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')
    first = cpu_use(str(stat))
    stat.write_text('cpu  6763949 29438 674899 1120762 9047 0 3355 5812 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n')
    assert (first['steal'], first['iowait']) == (54.79, 90.22)
    got = spent(first, cpu_use(str(stat)))
    assert (got['steal_seconds'], got['iowait_seconds']) == (3.3, 0.2)


def test_without_proc_stat_only_the_process_is_read(tmp_path):
    reading = cpu_use(str(tmp_path / 'absent'))
    assert set(reading) == {'cpu'} and set(spent(reading, reading)) == {'cpu_seconds'}
