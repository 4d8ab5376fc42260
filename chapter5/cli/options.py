"""The `chapter5` command's options: the parser, and a type for every option argparse can check by
itself (a model, a section, a seed, devices, a positive number), so that a bad value is refused with
one line naming it before anything runs. Combinations of options are checked in chapter5.cli.checks.
"""
import argparse
import os

from chapter5 import MODELS, find_section, get_model
from chapter5.exercises import RECORDED


def model_name(name):
    try:
        get_model(name)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return name


def seed(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('%r is not a whole number' % text) from None
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError('%s is outside 0 to 2**32 - 1, the seeds MXNet and numpy take'
                                         % text)
    return value


def seed_list(text):
    seeds = [seed(part) for part in text.split(',')]
    if len(set(seeds)) != len(seeds):
        raise argparse.ArgumentTypeError('%s names a seed twice' % text)
    return seeds


def contexts(text):
    """'cpu', 'cpu:0,cpu:1' or 'gpu:0,gpu:1' -> a list of MXNet contexts."""
    import mxnet as mx
    found = []
    for part in text.split(','):
        kind, _, index = part.strip().partition(':')
        if kind not in ('cpu', 'gpu') or (index and not index.isdigit()):
            raise argparse.ArgumentTypeError('%r is not a device: write cpu, cpu:N or gpu:N, comma-separated'
                                             % part)
        found.append(mx.Context(kind, int(index or 0)))
    if len(set(found)) != len(found):
        raise argparse.ArgumentTypeError('%s names a device twice' % text)
    gpus = mx.context.num_gpus()
    missing = [c for c in found if c.device_type == 'gpu' and c.device_id >= gpus]
    if missing:
        raise argparse.ArgumentTypeError(
            '%s: this MXNet sees %d GPU%s (a CPU build of MXNet, or no GPU here): train on cpu, or install a '
            'GPU build of MXNet 1.9.1 on a machine with one (docs/devices.md)'
            % (missing[0], gpus, '' if gpus == 1 else 's'))
    return found


def run_options(p):
    p.add_argument('--seed', type=seed, help='seed MXNet, numpy and Python (again before each epoch with '
                   'seed + epoch; train --book-path, the book\'s train_ch5: once)')
    p.add_argument('--resume', action='store_true',
                   help='continue from the last whole checkpoint in the output folder')
    p.add_argument('--overwrite', action='store_true',
                   help='start afresh in an output folder that already holds a run (it is deleted)')


def positive(kind, zero=False):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError('%r is not a number' % text) from None
        if not (value > 0 or (zero and value == 0)):
            raise argparse.ArgumentTypeError('%s must be %s' % (text, '>= 0' if zero else '> 0'))
        return value
    return parse


def section(name):
    try:
        return find_section(name)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def build_parser():
    """The `chapter5` command's parser: one subcommand per job; `args.command` names the one given."""
    parser = argparse.ArgumentParser(
        prog='chapter5', description='Chapter 5 of 动手学深度学习 (MXNet Gluon), runnable and verified.')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')
    sub.required = True
    for add in (_add_book_commands, _add_exercises, _add_train, _add_speedrun, _add_launch_and_reproduce,
                _add_use_a_run):
        add(sub)
    return parser


def _add_book_commands(sub):
    """list, data, run, verify: the book layer."""
    p = sub.add_parser('list', help='the sections: id, module, title')
    p = sub.add_parser('data', help='find and check Fashion-MNIST')
    p.add_argument('--root', help='the only folder to look in (default: the book\'s, then Debian\'s)')
    p.add_argument('--download', action='store_true',
                   help="fetch the four files from the dataset's public location into --root (default: "
                        "the book's ~/.mxnet/datasets/fashion-mnist), each checked by sha256; only where "
                        "Debian's dataset-fashion-mnist cannot be installed")
    p.add_argument('--source', default=None, metavar='URL',
                   help="where --download fetches from (a folder URL ending in /; default: the "
                        "dataset's own)")
    p.add_argument('--timeout', type=float, default=30.0, metavar='SECONDS',
                   help='--download gives an attempt up after this many seconds without a byte (default 30)')
    p = sub.add_parser('run', help='run a section as the notes do (python -m chapter5.MODULE)')
    p.add_argument('section', type=section, metavar='SECTION', help='a section id (5.1) or module name')
    p = sub.add_parser('verify', help="check the sections' documented printouts")
    p.add_argument('sections', type=section, nargs='*', metavar='SECTION',
                   help='section ids or module names (default: all)')
    p.add_argument('--train', action='store_true',
                   help="also train LeNet and both BN-LeNets with the book's recipes and check "
                        "their final test accuracy")


def _add_exercises(sub):
    p = sub.add_parser('exercises', help='answer the sections\' exercises (练习) in code, with measurements')
    p.add_argument('sections', type=section, nargs='*', metavar='SECTION',
                   help='section ids or module names (default: all)')
    p.add_argument('--quick', action='store_true',
                   help='smoke-sized trainings and measurements (seconds, not the recorded minutes)')
    p.add_argument('--record', nargs='?', const=RECORDED, metavar='DIR',
                   help='keep the full-size answers in DIR/SECTION.json and .md, which the notebooks show '
                        '(default DIR: %s)' % os.path.relpath(RECORDED))


def _add_train(sub):
    p = sub.add_parser('train', help="train a model with the book's recipe on Fashion-MNIST (the engine's "
                                     "fast path; --book-path: the book's harness)")
    p.add_argument('model', type=model_name, metavar='MODEL', help='one of: ' + ', '.join(MODELS))
    p.add_argument('--epochs', type=positive(int), help='number of epochs (book: 5)')
    p.add_argument('--lr', type=positive(float), help="learning rate (default: the book's)")
    p.add_argument('--batch-size', type=positive(int), help="batch size (default: the book's)")
    p.add_argument('--resize', type=positive(int, zero=True),
                   help="resize images to N x N (default: the book's; 0: none)")
    p.add_argument('--num-train', type=positive(int), metavar='N',
                   help='train on the first N training images only (a quick run)')
    p.add_argument('--num-test', type=positive(int), metavar='N',
                   help='test on the first N test images only (a quick run)')
    p.add_argument('--book-path', action='store_true',
                   help="train with the book's own harness (chapter5.utils.train_ch5 and its DataLoaders) "
                        "instead of the engine's fast path")
    p.add_argument('--ctx', type=contexts, metavar='DEV,DEV,...',
                   help='train data parallel on these devices, e.g. gpu:0,gpu:1 (each batch split across '
                        'them, the gradients summed; the recipe unchanged)')
    p.add_argument('--kvstore', choices=['device', 'local', 'dist_sync', 'dist_device_sync'],
                   help="how gradients are summed: 'device' (default with --ctx), or dist_sync: one worker "
                        "of MXNet's parameter server (start the workers with chapter5 launch)")
    run_options(p)
    p.add_argument('--out', metavar='DIR',
                   help='write the per-epoch log, curve and checkpoints in DIR/MODEL/')


def target(text):
    from chapter5.speedrun.plans import PLANS
    for value in PLANS:
        if text in ('%g' % value, '%.3f' % value):
            return value
    raise argparse.ArgumentTypeError('%s is not a target; the targets are %s'
                                     % (text, ', '.join('%g' % t for t in PLANS)))


def _add_speedrun(sub):
    from chapter5.speedrun.plans import ABLATIONS
    p = sub.add_parser('speedrun', help='train the chapter\'s blocks to a target test accuracy in as little '
                                        'time as this CPU allows (docs/speedrun.md)')
    p.add_argument('--target', type=target, default=0.93,
                   help='0.93 (within 10 minutes, the default) or 0.945 (within 60)')
    p.add_argument('--seed', type=seed, default=0, help='seed of the run (default 0; each epoch reseeds with '
                                                        'seed + epoch)')
    p.add_argument('--out', metavar='DIR', help='write the run in DIR/MODEL/ (default: runs/speedrun/seed-N)')
    p.add_argument('--resume', action='store_true', help='continue from the last whole checkpoint in DIR')
    p.add_argument('--overwrite', action='store_true', help='start afresh where DIR already holds a run')
    p.add_argument('--validate', action='store_true',
                   help='hold out the last 10,000 training images and report on them; the test set is not '
                        'read (how the plans were chosen)')
    p.add_argument('--without', choices=sorted(ABLATIONS), metavar='CHOICE',
                   help='take one choice of the plan out (the ablation): %s' % ', '.join(sorted(ABLATIONS)))
    p.add_argument('--epochs', type=positive(int),
                   help="fewer (or more) epochs than the plan's, its schedule with them (a quick run)")
    p.add_argument('--num-train', type=positive(int), metavar='N', help='train on the first N images only')
    p.add_argument('--num-test', type=positive(int), metavar='N',
                   help='report on the first N held-out images')


def _add_launch_and_reproduce(sub):
    p = sub.add_parser('launch', help="start MXNet's parameter server here (a scheduler, servers) and "
                                      'workers running COMMAND; stop them all when one fails')
    p.add_argument('-n', '--workers', type=positive(int), default=2, help='workers (default 2)')
    p.add_argument('-s', '--servers', type=positive(int), default=1, help='servers (default 1)')
    p.add_argument('--host', metavar='ADDRESS',
                   help='the address every role listens on (default: 127.0.0.1, this machine only; '
                        'another address is reached without authentication: a warning says so)')
    p.add_argument('worker_command', nargs=argparse.REMAINDER, metavar='-- COMMAND',
                   help='what each worker runs, e.g. chapter5 train lenet --kvstore dist_sync --seed 0')
    p = sub.add_parser('reproduce', help="train the book's documented runs; logs, curves, results table")
    p.add_argument('models', type=model_name, nargs='*', metavar='MODEL',
                   help="default: the book's nine runs (all but vgg11)")
    p.add_argument('--profile', choices=['book', 'cpu'], default='book',
                   help="book: the book's recipes exactly; cpu: 96x96 inputs instead of 224x224")
    p.add_argument('--out', metavar='DIR', default='runs', help='where runs are written (default: runs)')
    p.add_argument('--seeds', type=seed_list, metavar='N,N,...',
                   help='one run per seed, each in OUT/seed-N (the spread over seeds)')
    run_options(p)


def _add_use_a_run(sub):
    """predict, export, results: what a trained run is used for."""
    p = sub.add_parser('predict', help="classify pictures with a trained run, or draw the book's figure of "
                                       'test images with true and predicted labels')
    p.add_argument('run', metavar='RUN_DIR',
                   help='the --out folder of a run (chapter5 train MODEL --out DIR)')
    p.add_argument('images', nargs='*', metavar='IMAGE', help='picture files (PNG, JPEG, ...; any size)')
    p.add_argument('--grid', metavar='FILE.png',
                   help='draw the first N test images with true and predicted labels')
    p.add_argument('--n', type=positive(int), default=16, help='test images in the grid (default 16)')
    p.add_argument('--invert', choices=['auto', 'yes', 'no'], default='auto',
                   help='invert a picture to light-on-black, as Fashion-MNIST is '
                        '(auto: when its border is light)')
    p = sub.add_parser('export', help='export a trained run: MXNet symbol and parameters, or ONNX')
    p.add_argument('run', metavar='RUN_DIR', help='the --out folder of a run')
    p.add_argument('--format', choices=['mxnet', 'onnx'], required=True)
    p.add_argument('-o', '--output', metavar='PATH',
                   help='mxnet: PATH-symbol.json and PATH-0000.params; onnx: PATH (default: '
                        'RUN/export/MODEL[.onnx])')
    p = sub.add_parser('results', help="the recorded runs of results/ as results/results.md and the README's "
                                       'tables')
    p.add_argument('--root', default='results', help='the folder of recorded runs (default: results)')
    p.add_argument('--readme', default='README.md', help='the README whose results block is rewritten')
