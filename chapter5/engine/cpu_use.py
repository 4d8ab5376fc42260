"""What an epoch's seconds were made of, for telling a slow epoch's causes apart: the seconds of CPU
this process used (all its threads), and the machine's seconds stolen by the hypervisor and spent
waiting for I/O (/proc/stat, all cores summed; absent where there is no /proc/stat).

An epoch that took twice its usual wall time with its usual CPU seconds was waiting (for the disk,
for a core the host gave elsewhere); one whose CPU seconds grew with it was computing slower.
"""
import os

STAT = '/proc/stat'
STEAL, IOWAIT = 7, 4  # fields after 'cpu': user nice system idle iowait irq softirq steal


def cpu_use(stat=STAT):
    """A reading now: {'cpu': this process's user + system seconds, 'steal': ..., 'iowait': ...}."""
    times = os.times()
    reading = {'cpu': times.user + times.system}
    try:
        with open(stat, encoding='ascii') as f:
            fields = f.readline().split()
    except OSError:
        return reading
    if fields and fields[0] == 'cpu' and len(fields) > STEAL + 1:
        tick = os.sysconf('SC_CLK_TCK')
        reading['steal'] = int(fields[1 + STEAL]) / tick
        reading['iowait'] = int(fields[1 + IOWAIT]) / tick
    return reading


def spent(before, after):
    """{'cpu_seconds': ..., 'steal_seconds': ..., 'iowait_seconds': ...} between two readings, each to
    a tenth of a second, for what both readings have."""
    return {name + '_seconds': round(after[name] - before[name], 1) for name in before if name in after}
