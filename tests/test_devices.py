"""Past one device: data parallel over a list of contexts, and over MXNet's parameter server
(`chapter5 launch`), each checked against the one-device run at the same global batch."""
import os
import signal
import subprocess
import sys
import time

import mxnet as mx
import numpy as np
import pytest
from conftest import EPOCH_LINE, run_module
from mxnet import gluon, init

from chapter5 import get_model
from chapter5.engine.loader import fast_loaders
from chapter5.engine.loop import train
from chapter5.engine.seeds import seed_everything

SHORT = dict(num_train=3072, num_test=512)  # 12 batches of LeNet's 256


def lenet_after_one_epoch(ctx):
    """LeNet (no batch norm: the parts of a batch do not interact) after one epoch on `ctx`."""
    seed_everything(0)
    net = get_model('lenet')()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.9})
    train_iter, test_iter = fast_loaders(256, **SHORT)
    history = train(net, train_iter, test_iter, 256, trainer, ctx, 1, epoch_start=seed_everything)
    first = ctx[0] if isinstance(ctx, list) else ctx
    return [p.data(first).asnumpy() for p in net.collect_params().values()], history[0]  # in order


def test_two_contexts_give_the_one_context_parameters(capsys):
    one, one_result = lenet_after_one_epoch(mx.cpu(0))
    two, two_result = lenet_after_one_epoch([mx.cpu(0), mx.cpu(1)])
    assert [a.shape for a in one] == [a.shape for a in two] and len(one) == 10
    for i, (a, b) in enumerate(zip(one, two)):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5, err_msg='parameter %d' % i)
    assert abs(two_result.loss - one_result.loss) < 1e-5 and two_result.test_acc == one_result.test_acc
    assert abs(two_result.train_acc - one_result.train_acc) < 1e-9
    assert 'training on [cpu(0), cpu(1)]' in capsys.readouterr().out


def test_a_shard_is_its_part_of_every_global_batch():
    seed_everything(3)
    whole = [y.asnumpy() for _, y in fast_loaders(256, num_train=1000)[0]]
    parts = []
    for rank in range(3):
        seed_everything(3)
        parts.append([y.asnumpy() for _, y in fast_loaders(256, num_train=1000, shard=(rank, 3))[0]])
    for i, batch in enumerate(whole):  # the same order, split in three disjoint parts
        assert np.array_equal(np.concatenate([p[i] for p in parts]), batch)
    with pytest.raises(ValueError, match='the last batch has 2 examples, fewer than the 3 workers'):
        fast_loaders(256, num_train=514, shard=(0, 3))


def epoch_numbers(text, epoch):
    """Loss, train acc and test acc of epoch `epoch`'s line (the book's, after any `[worker 0] `),
    which `text` must print once."""
    (match,) = [m for m in map(EPOCH_LINE.search, text.splitlines()) if m and int(m.group(1)) == epoch]
    return tuple(float(match.group(i)) for i in (2, 3, 4))


def test_launch_two_workers_match_one_process_at_the_same_global_batch(tmp_path):
    # two epochs: the second needs every worker reseeded alike (the same order of examples)
    args = ['train', 'lenet', '--epochs', '2', '--seed', '0', '--num-train', '3072', '--num-test', '512']
    code, single, err = run_module('chapter5', *args)
    assert code == 0, err
    code, out, err = run_module('chapter5', 'launch', '-n', '2', '-s', '1', '--',
                                sys.executable, '-m', 'chapter5', *args, '--kvstore', 'dist_sync',
                                '--out', str(tmp_path))
    assert code == 0, out + err
    for epoch in (1, 2):  # worker 0 tests and prints; the other trains its half
        loss, train_acc, test_acc = epoch_numbers(out, epoch)
        single_loss, single_train, single_test = epoch_numbers(single, epoch)
        assert abs(loss - single_loss) <= 2e-4 and abs(train_acc - single_train) <= 1e-3
        assert abs(test_acc - single_test) <= 2e-3
    assert (tmp_path / 'lenet' / 'checkpoint.json').exists()  # worker 0 wrote the run


def test_a_finished_launch_leaves_no_process(tmp_path):
    import io

    from chapter5.engine.launch import Launch
    out = io.StringIO()
    launch = Launch([sys.executable, '-m', 'chapter5', 'train', 'lenet', '--epochs', '1', '--seed', '0',
                     '--num-train', '1024', '--num-test', '256', '--kvstore', 'dist_sync'], 2, 1, out=out)
    assert launch.run(timeout=300) == 0, out.getvalue()
    assert [p.label for p in launch.procs] == ['scheduler', 'server 0', 'worker 0', 'worker 1']
    assert all(p.returncode is not None and not os.path.exists('/proc/%d' % p.pid) for p in launch.procs)
    assert '] epoch 1, loss ' in out.getvalue()


def test_ctrl_c_stops_the_launch_and_leaves_no_process(tmp_path):
    script = tmp_path / 'worker.py'
    script.write_text('import time, mxnet as mx\nkv = mx.kv.create("dist_sync")\nprint("ready", flush=True)\n'
                      'time.sleep(600)\n')
    launcher = subprocess.Popen([sys.executable, '-m', 'chapter5', 'launch', '-n', '2', '-s', '1', '--',
                                 sys.executable, str(script)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ready, deadline = 0, time.monotonic() + 60
        while ready < 2 and time.monotonic() < deadline:
            ready += 'ready' in launcher.stdout.readline()
        started = subprocess.run(['pgrep', '-P', str(launcher.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert ready == 2 and len(started) == 4
        launcher.send_signal(signal.SIGINT)
        rest, _ = launcher.communicate(timeout=30)
    finally:
        launcher.kill()
    assert launcher.returncode == 130 and 'interrupted: stopping everything' in rest
    time.sleep(0.5)
    assert not [pid for pid in started if os.path.exists('/proc/%s' % pid)], 'all it started are gone'


def test_a_killed_worker_stops_the_launch_and_leaves_no_process(tmp_path):
    marker = 'chapter5-launch-test-%d' % os.getpid()  # names every process this launch starts
    script = tmp_path / 'worker.py'
    script.write_text('import time, mxnet as mx\nkv = mx.kv.create("dist_sync")\nprint("ready", flush=True)\n'
                      'time.sleep(600)\n')
    launcher = subprocess.Popen([sys.executable, '-m', 'chapter5', 'launch', '-n', '2', '-s', '1', '--',
                                 sys.executable, str(script), marker],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ready = 0
        deadline = time.monotonic() + 60
        while ready < 2 and time.monotonic() < deadline:
            ready += 'ready' in launcher.stdout.readline()
        assert ready == 2
        def pgrep(*args):
            return subprocess.run(['pgrep', *args], capture_output=True, text=True).stdout.split()
        workers = pgrep('-P', str(launcher.pid), '-f', marker)  # the launcher's argv holds it too
        started = pgrep('-P', str(launcher.pid))
        assert len(workers) == 2 and len(started) == 4  # the scheduler, one server, two workers
        killed_at = time.monotonic()
        os.kill(int(workers[0]), signal.SIGKILL)
        rest, _ = launcher.communicate(timeout=30)
        assert launcher.returncode != 0 and time.monotonic() - killed_at < 15
        assert 'exited with -9: stopping the others' in rest
    finally:
        launcher.kill()
    time.sleep(0.5)
    assert launcher.poll() is not None
    assert subprocess.run(['pgrep', '-f', marker], capture_output=True).stdout == b''
    assert not [pid for pid in started if os.path.exists('/proc/%s' % pid)], 'all it started are gone'


@pytest.mark.parametrize('args, words', [
    (['train', 'lenet', '--ctx', 'tpu:0'], "'tpu:0' is not a device"),
    (['train', 'lenet', '--ctx', 'cpu:0,cpu:0'], 'names a device twice'),
    (['train', 'lenet', '--kvstore', 'dist_sync'], 'needs --seed N'),
    (['train', 'lenet', '--kvstore', 'dist_sync', '--seed', '0'], 'start it with chapter5 launch'),
    (['train', 'lenet', '--book-path', '--ctx', 'cpu:0,cpu:1'], 'on one device'),
    (['launch', '-n', '2'], "give the workers' command after --"),
])
def test_bad_device_arguments_exit_2_saying_what_to_do(args, words):
    code, _, err = run_module('chapter5', *args)
    assert code == 2 and words in err, err
