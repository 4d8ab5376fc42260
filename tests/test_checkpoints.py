"""chapter5.engine.checkpoints: an epoch is committed durably and in order (its files flushed, its
folder renamed and flushed, then the pointer, then the old epoch removed), checked, and refused with
the advice the caller gives."""
import json
import os
import shutil

import mxnet as mx
import pytest
from mxnet import gluon, init

from chapter5 import get_model
from chapter5.engine import checkpoints
from chapter5.engine.checkpoints import CheckpointError, checked_folder, commit

RECIPE = {'model': 'lenet'}


def lenet_and_trainer():
    net = get_model('lenet')()
    net.initialize(init.Xavier())
    net(mx.nd.zeros((1, 1, 28, 28)))
    return net, gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.9})


def test_commit_flushes_before_it_renames_and_drops_the_old_epoch_last(tmp_path, monkeypatch):
    net, trainer = lenet_and_trainer()
    folder = str(tmp_path)
    os.makedirs(os.path.join(folder, 'checkpoints'))
    commit(folder, 1, net, trainer, [{'epoch': 1}], RECIPE)
    calls = []
    for name in ('fsync', 'rename', 'replace'):
        real = getattr(os, name)

        def spy(*args, real=real, name=name):
            calls.append((name, os.readlink('/proc/self/fd/%d' % args[0]) if name == 'fsync' else args[-1]))
            return real(*args)
        monkeypatch.setattr(os, name, spy)
    real_rmtree = shutil.rmtree
    monkeypatch.setattr(checkpoints.shutil, 'rmtree',
                        lambda path, **kw: (calls.append(('rmtree', path)), real_rmtree(path, **kw)))
    commit(folder, 2, net, trainer, [{'epoch': 1}, {'epoch': 2}], RECIPE)
    order = [(kind, os.path.relpath(path, folder)) for kind, path in calls]
    partial = 'checkpoints/epoch-2.partial'
    flushed = {p for kind, p in order[:order.index(('rename', 'checkpoints/epoch-2'))] if kind == 'fsync'}
    assert {partial + '/' + f for f in ('params', 'optimizer.json', 'optimizer.nd', 'log', 'meta.json')} | \
        {partial} <= flushed
    rest = order[order.index(('rename', 'checkpoints/epoch-2')):]
    assert [step for step in rest if step[0] != 'rmtree'] == [
        ('rename', 'checkpoints/epoch-2'), ('fsync', 'checkpoints'), ('fsync', 'checkpoint.json.tmp'),
        ('replace', 'checkpoint.json'), ('fsync', '.')]
    assert rest[-1] == ('rmtree', 'checkpoints/epoch-1')  # the old epoch goes only once the new is named
    assert json.loads(open(os.path.join(folder, 'checkpoint.json')).read()) == \
        {'epoch': 2, 'folder': 'checkpoints/epoch-2'}


def test_checked_folder_refuses_damage_with_the_callers_advice(tmp_path):
    net, trainer = lenet_and_trainer()
    os.makedirs(str(tmp_path / 'checkpoints'))
    commit(str(tmp_path), 1, net, trainer, [{'epoch': 1}], RECIPE)
    pointer = json.loads((tmp_path / 'checkpoint.json').read_text())
    epoch_folder, meta = checked_folder(str(tmp_path), pointer)
    assert meta['recipe'] == RECIPE
    assert sorted(meta['files']) == ['log', 'optimizer.json', 'optimizer.nd', 'params']
    with open(os.path.join(epoch_folder, 'params'), 'r+b') as f:
        f.write(b'\0\0\0\0')
    with pytest.raises(CheckpointError, match='does not match its sha256 in meta.json; train it again'):
        checked_folder(str(tmp_path), pointer, 'train it again')
    with pytest.raises(CheckpointError, match=r'needs "epoch".*rerun without --resume and with --overwrite'):
        checked_folder(str(tmp_path), {'epoch': 1, 'folder': '../elsewhere'})
