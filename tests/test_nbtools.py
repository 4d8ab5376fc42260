"""The notebooks' view of a recorded run (chapter5.nbtools.describe_run / show_run) and of the speedruns
(speedrun_tables), read from results/."""
import json
import shutil

from chapter5.nbtools import RESULTS, describe_run, show_run, speedrun_tables


def test_describe_run_tells_the_recorded_run_from_its_files():
    lines = describe_run('lenet_bn')
    log = open(RESULTS + '/book/lenet_bn/train.log').read().splitlines()
    summary = json.load(open(RESULTS + '/book/lenet_bn/summary.json'))
    assert lines[0].startswith('本项目记录的运行：chapter5 reproduce lenet_bn --profile book --seed 0')
    assert '学习率 1.0，5 个迭代周期' in lines[0] and 'MXNet 1.9.1' in lines[1]
    assert lines[3:3 + len(log)] == log and len(log) == 5
    final = '最终测试准确率 %.3f，书中 %.3f' % (summary['test_acc'], summary['book_test_acc'])
    assert lines[-1].startswith(final)


def test_the_verdict_and_the_pause_follow_the_summary(tmp_path):
    shutil.copytree(RESULTS + '/book/lenet', tmp_path / 'book' / 'lenet')
    path = tmp_path / 'book' / 'lenet' / 'summary.json'
    summary = json.loads(path.read_text())
    for passed, words in ((True, '通过（不低于'), (False, '未通过（低于')):
        path.write_text(json.dumps(dict(summary, passed=passed, paused_seconds=90.0)))
        lines = describe_run('lenet', str(tmp_path))
        assert words in lines[-1] and '另暂停 1.5 分钟，不计入' in lines[1]


def test_a_run_not_recorded_says_how_to_record_it(tmp_path, capsys):
    assert describe_run('alexnet', str(tmp_path)) is None
    show_run('alexnet', str(tmp_path))
    said = capsys.readouterr().out
    assert 'chapter5 reproduce alexnet --profile book --seed 0 --resume --out results/book' in said


def test_show_gives_a_notebook_the_rendered_table_and_the_aligned_text(monkeypatch):
    import IPython.display

    from chapter5.engine.tables import markdown_table
    from chapter5.nbtools import show
    shown = []
    monkeypatch.setattr(IPython.display, 'display', lambda data, raw: shown.append((data, raw)))
    show('答案：\n' + markdown_table(['a', 'b'], [[1, 2]]))
    ((data, raw),) = shown
    assert raw and data['text/plain'].split('\n') == ['答案：', 'a  b', '----', '1  2', '']
    assert '<table><thead><tr><th>a</th><th>b</th></tr></thead>' in data['text/html']


def test_a_long_cell_runs_only_when_run_long_is_true(capsys):
    from chapter5.nbtools import long_cell
    namespace = {'RUN_LONG': False}
    assert long_cell('本机约 5 分钟', 'trained = 1', namespace) is False and 'trained' not in namespace
    said = capsys.readouterr().out
    assert said.startswith('没有运行（本机约 5 分钟）：RUN_LONG = False。') and 'RUN_LONG 改成 True' in said
    namespace['RUN_LONG'] = True
    assert long_cell('本机约 5 分钟', 'trained = 1', namespace) is True and namespace['trained'] == 1


def test_the_long_magic_is_registered_by_load_ext():
    from chapter5.nbtools import load_ipython_extension
    registered = {}

    class Shell:
        user_ns = {'RUN_LONG': True}

        def register_magic_function(self, function, kind, name):
            registered[name] = (kind, function)
    load_ipython_extension(Shell())
    kind, magic = registered['long']
    magic('约 1 秒', 'x = 41 + 1')
    assert kind == 'cell' and Shell.user_ns['x'] == 42


def test_show_recorded_says_in_chinese_why_there_is_no_current_record(tmp_path, capsys):
    from chapter5.nbtools import show_recorded
    show_recorded('5.8', 1, str(tmp_path))
    said = capsys.readouterr().out
    assert said.startswith('还没有用当前代码在本机记录的完整答案（还没有记录）')
    assert 'chapter5 exercises 5.8 --record' in said
    (tmp_path / '5.8.json').write_text('{"answers": [{"name": "answer_tune"}]')  # cut short
    show_recorded('5.8', 1, str(tmp_path))
    assert '（记录损坏，或者记录的是另一个答案）' in capsys.readouterr().out


def write_speedrun(root, seed, accuracy, without=None):
    arm = 'speedrun-ablation/without-' + without if without else 'speedrun'
    folder = root / arm / ('seed-%d' % seed) / 'net'
    folder.mkdir(parents=True)
    (folder / 'summary.json').write_text(json.dumps(dict(
        model='net', seed=seed, held_out='test', accuracy=accuracy, seconds=360.0, without=without)))
    (folder / 'settings.json').write_text(json.dumps(dict(sessions=[dict(
        cpu='AMD EPYC', isa='AVX-512', started='2026-11-29 11:00:00 +0000')])))


def test_the_speedrun_tables_give_each_seed_then_each_arm_with_its_verdict_in_chinese(tmp_path):
    for seed, acc in enumerate([0.933, 0.935, 0.934]):
        write_speedrun(tmp_path, seed, acc)
        write_speedrun(tmp_path, seed, acc - 0.01, without='crop')
    lines = speedrun_tables('net', str(tmp_path)).splitlines()
    assert lines[2] == '| 0 | 0.9330 | 6.0 | AMD EPYC | AVX-512 | 2026-11-29 |'
    assert lines[5] == '| 均值 ± 标准差 | 0.9340 ± 0.0010 | 6.0 ± 0.0 |  |  |  |'
    assert lines[-3] == ('| 随机裁剪 | 3 / 3 | 0.9240 ± 0.0010 | 0.9340 ± 0.0010 | -0.0100 | '
                         '有帮助：去掉它，准确率下降 |')
    assert lines[-1].startswith('还没有测的选择：水平翻转（训练和测试）、标签平滑、权重衰减、')
    assert lines[-1].endswith('：chapter5 speedrun --without flip --seed N '
                              '--out results/speedrun-ablation/without-flip/seed-N')
    assert speedrun_tables('other', str(tmp_path)).startswith('还没有记录的运行')
    alone = speedrun_tables('net', str(tmp_path), ablation_too=False).splitlines()
    assert alone == lines[:6]  # the seeds' table, no ablation and no list of what is missing
