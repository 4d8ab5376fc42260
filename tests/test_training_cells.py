"""tools/training_cells.py: how a check shortens the notebooks' training cells and compares them with
the band measured over seeds and CPU kinds, not with the digits of a run stored on another CPU."""
import importlib.util
import json
import os

import nbformat
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('training_cells', os.path.join(HERE, '..', 'tools',
                                                                             'training_cells.py'))
tc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tc)

BOOK_CELL = '''mx.random.seed(0)  # a comment
np.random.seed(0)
lr, num_epochs, batch_size, ctx = 1.0, 5, 256, d2l.try_gpu()
history = d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)'''


def line(epoch, loss, test_acc):
    return 'epoch %d, loss %.4f, train acc 0.800, test acc %.3f, time 9.9 sec' % (epoch, loss, test_acc)


def test_budget_rewrites_the_epochs_of_a_tuple_assignment_and_the_seeds():
    source, counts = tc.budgeted(BOOK_CELL, epochs=1, seed=3)
    assert counts == {'num_epochs': 1, 'seed': 2}
    assert 'lr, num_epochs, batch_size, ctx = (1.0, 1, 256, d2l.try_gpu())' in source
    assert 'mx.random.seed(3)' in source and 'np.random.seed(3)' in source
    assert tc.budgeted('lr, num_epochs = 0.9, 5', epochs=2)[0] == 'lr, num_epochs = (0.9, 2)'
    assert tc.budgeted('num_epochs = 5\nx = 1', epochs=2) == ('num_epochs = 2\nx = 1',
                                                                {'num_epochs': 1, 'seed': 0})


def cells(*sources, check_epochs=1):
    meta = {'training': {'check_epochs': check_epochs}}
    return [nbformat.v4.new_code_cell(s, metadata=meta) for s in sources]


def test_shorten_rewrites_the_notebook_and_gives_back_the_originals():
    nb_cells = cells(BOOK_CELL, 'mx.random.seed(0)\nnp.random.seed(0)\nnet = lenet_bn()')
    originals = tc.shorten(nb_cells)
    assert originals == {0: BOOK_CELL, 1: 'mx.random.seed(0)\nnp.random.seed(0)\nnet = lenet_bn()'}
    assert '(1.0, 1, 256' in nb_cells[0].source


def test_shorten_refuses_a_budget_it_cannot_apply():
    with pytest.raises(ValueError, match='no training cell assigns num_epochs'):
        tc.shorten(cells('train(net, 5)'))
    with pytest.raises(ValueError, match='does not seed'):
        tc.shorten(cells(BOOK_CELL, 'num_epochs = 2'), seed=1)
    with pytest.raises(ValueError, match='one check_epochs'):
        tc.shorten(cells(BOOK_CELL) + cells(BOOK_CELL, check_epochs=2))


def runs(*test_accs, loss=0.65):
    return [{'epochs': [{'epoch': 1, 'loss': loss + 0.001 * i, 'train_acc': 0.8, 'test_acc': acc}]}
            for i, acc in enumerate(test_accs)]


def test_band_is_the_mean_plus_minus_four_sd():
    (low, high, n) = tc.bands(runs(0.80, 0.82, 0.84), 1)['test_acc']
    assert n == 3 and low == pytest.approx(0.82 - 4 * 0.02) and high == pytest.approx(0.82 + 4 * 0.02)
    assert tc.bands(runs(0.80, 0.82), 1) == {}  # two runs give no spread


def test_compare_passes_within_the_band_and_fails_outside_or_unlearned_or_unmeasured():
    spread = {'cells': {'nb/cell-01': {'runs': runs(0.80, 0.82, 0.84)}}}
    stored = [line(1, 0.6512, 0.812) + '\n' + line(2, 0.40, 0.85)]
    assert tc.compare('nb/cell-01', 1, stored, [line(1, 0.6500, 0.845)], spread) == []
    (far,) = tc.compare('nb/cell-01', 1, stored, [line(1, 0.6500, 0.91)], spread)
    assert far.startswith('epoch 1: test_acc 0.91 outside [0.7400, 0.9000], the mean +- 4 sd of 3 '
                          'measured runs')
    unlearned = tc.compare('nb/cell-01', 1, stored, [line(1, 2.3100, 0.100)], spread)
    assert unlearned[0].startswith('did not learn: epoch 1, loss 2.3100, test acc 0.100')
    (unmeasured,) = tc.compare('nb/cell-02', 1, stored, [line(1, 0.65, 0.82)], spread)
    assert 'no measured spread for nb/cell-02' in unmeasured and 'tools/notebooks.py spread nb' in unmeasured
    (epochs,) = tc.compare('nb/cell-01', 1, stored, [line(1, 0.65, 0.82), line(2, 0.4, 0.85)], spread)
    assert epochs == 'epochs [1, 2], expected [1]'


def test_write_json_is_whole(tmp_path):
    path = str(tmp_path / 'spread.json')
    tc.write_json(path, {'cells': {'a': 1}})
    assert json.loads(open(path).read()) == {'cells': {'a': 1}}
    assert os.listdir(str(tmp_path)) == ['spread.json']  # no temporary file left


def test_provenance_names_date_cpu_isa_and_threads():
    text = tc.provenance({'date': '2026-11-29', 'cpu': 'AMD EPYC', 'isa': 'AVX2', 'threads': '1',
                          'mxnet': '1.9.1'})
    assert text == '（以上输出记录于 2026-11-29，AMD EPYC，AVX2，OMP_NUM_THREADS=1，MXNet 1.9.1）'
