"""`chapter5 launch`: start MXNet's parameter server on this machine and the workers that use it.

MXNet trains across processes and machines with its `dist_sync` key-value store (ps-lite): one
scheduler, S servers that hold and sum the gradients, N workers. Every process learns its role and
where the scheduler is from the DMLC_* variables:

    DMLC_ROLE           scheduler, server or worker
    DMLC_PS_ROOT_URI    the scheduler's address      DMLC_PS_ROOT_PORT   its port
    DMLC_NUM_SERVER     S                            DMLC_NUM_WORKER     N

A scheduler or server is any Python process that imports mxnet with its role set (MXNet runs the
server loop inside the import and exits when the workers are done). `launch` starts all of them
here, every role listening on 127.0.0.1 only (DMLC_NODE_HOST: without it ps-lite's servers and
workers listen on the machine's outward interface, and the parameter server has no authentication:
anyone who reaches it could read the weights or push gradients) unless told another address
(`--host`, or DMLC_NODE_HOST set), when it warns. It forwards every line they print with its role
in front, and stops them all (process groups: SIGTERM, then SIGKILL) as soon as one fails, on
Ctrl-C, or when the workers are done and a server lingers; nothing it started is left behind. On
several hosts, start the same roles by hand with the same variables (docs/devices.md).
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time

SERVER_COMMAND = [sys.executable, '-c', 'import mxnet']  # the import runs a scheduler's or server's loop


LOOPBACK = '127.0.0.1'


@contextlib.contextmanager
def ctrl_c_sets(event):
    """While inside, Ctrl-C (SIGINT) sets `event` instead of raising KeyboardInterrupt at any moment:
    one raised inside Popen.poll could leave its lock held, and the next wait() would hang for ever
    (seen once in CI: a launch that never stopped after Ctrl-C). Even where SIGINT came in ignored (a
    background job, CI), a launch stops everything on it: `kill -INT` is how one is told to stop. Off the
    main thread nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: event.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def free_port(host=LOOPBACK):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Launch:
    """The processes of one launch: scheduler, servers, workers (each its own process group)."""

    def __init__(self, command, workers, servers, *, out=None, threads='1', grace=5.0, host=None):
        if workers < 1 or servers < 1:
            raise ValueError('launch needs at least one worker and one server (got -n %d -s %d)'
                             % (workers, servers))
        self.command, self.workers, self.servers = list(command), workers, servers
        self.out = out or sys.stdout
        self.threads, self.grace = threads, grace
        self.host = host or os.environ.get('DMLC_NODE_HOST') or LOOPBACK
        self.procs, self._lock = [], threading.Lock()

    def _start(self, label, role, command, env):
        env = dict(env, DMLC_ROLE=role)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, text=True, bufsize=1)
        proc.label = label
        thread = threading.Thread(target=self._forward, args=(proc,), daemon=True)
        thread.start()
        proc.forwarder = thread
        self.procs.append(proc)
        return proc

    def _forward(self, proc):
        for line in proc.stdout:
            with self._lock:
                self.out.write('[%s] %s' % (proc.label, line if line.endswith('\n') else line + '\n'))
                self.out.flush()

    def run(self, timeout=None):
        """Start everything, wait for the workers; returns the exit code (0: every worker succeeded)."""
        port = self._port()
        if port is None:
            return 2
        env = dict(os.environ, DMLC_PS_ROOT_URI=self.host, DMLC_NODE_HOST=self.host,
                   DMLC_PS_ROOT_PORT=str(port),
                   DMLC_NUM_SERVER=str(self.servers), DMLC_NUM_WORKER=str(self.workers),
                   OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', self.threads))
        interrupted = threading.Event()
        with ctrl_c_sets(interrupted):
            try:
                return self._wait(self._start_all(env), interrupted, timeout)  # a Ctrl-C while starting
            finally:  # is seen by _wait's first look
                self.stop()

    def _start_all(self, env):
        """The scheduler, the servers and the workers, started; returns the workers."""
        self._start('scheduler', 'scheduler', SERVER_COMMAND, env)
        for i in range(self.servers):
            self._start('server %d' % i, 'server', SERVER_COMMAND, env)
        return [self._start('worker %d' % i, 'worker', self.command, env) for i in range(self.workers)]

    def _wait(self, workers, interrupted, timeout):
        """Watch the processes until one fails, the workers are done, Ctrl-C, or the timeout."""
        started = time.monotonic()
        while True:
            codes = [p.poll() for p in self.procs]
            failed = [(p, c) for p, c in zip(self.procs, codes) if c not in (None, 0)]
            if failed:
                proc, code = failed[0]
                self._say('%s exited with %d: stopping the others' % (proc.label, code))
                return code if proc in workers else 1
            if all(p.poll() == 0 for p in workers):
                return self._finish()
            if interrupted.is_set():
                self._say('interrupted: stopping everything')
                return 130
            if timeout is not None and time.monotonic() - started > timeout:
                self._say('timed out after %.0f s: stopping everything' % timeout)
                return 124
            time.sleep(0.1)

    def _port(self):
        """A free port for the scheduler on the launch's address (None, said, where it has none), with a
        warning when that address reaches beyond this machine."""
        if not self.host.startswith('127.') and self.host not in ('localhost', '::1'):
            self._say('warning: listening on %s, beyond this machine: MXNet\'s parameter server has no '
                      'authentication, so anyone who reaches that address can read the model and push '
                      'gradients; use it only on a network you trust' % self.host)
        try:
            return free_port(self.host)
        except OSError as e:
            self._say('cannot listen on %s: %s; give --host an address of this machine'
                      % (self.host, e.strerror))
            return None

    def _finish(self):
        """The workers are done: the scheduler and servers exit by themselves within the grace."""
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(p.poll() is None for p in self.procs):
            time.sleep(0.1)
        lingering = [p.label for p in self.procs if p.poll() is None]
        if lingering:
            self._say('the workers are done; stopping %s' % ', '.join(lingering))
        return 0

    def stop(self):
        """SIGTERM every process group still running, SIGKILL what is left after the grace."""
        for sig, wait in ((signal.SIGTERM, self.grace), (signal.SIGKILL, self.grace)):
            alive = [p for p in self.procs if p.poll() is None]
            for p in alive:
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + wait
            while alive and time.monotonic() < deadline:
                alive = [p for p in alive if p.poll() is None]
                time.sleep(0.05)
        for p in self.procs:
            try:  # whatever the group's other members are, they go with it
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            p.wait()
            p.forwarder.join(timeout=2)

    def _say(self, message):
        with self._lock:
            self.out.write('[launch] %s\n' % message)
            self.out.flush()
