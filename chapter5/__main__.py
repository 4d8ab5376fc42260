"""The `chapter5` command: list, run and verify the sections of Chapter 5; train and reproduce its models.

`list`, `data`, `run` and `verify` replay the book layer; `train`, `reproduce` and
`exercises` train through the engine (chapter5.engine), which gives MXNet every core.
"""
import argparse
import importlib.util
import os
import runpy
import sys

from chapter5 import MODELS, SECTIONS, find_section, get_model
from chapter5.engine.threads import use_every_core
from chapter5.exercises import RECORDED


def cmd_list(args):
    for s in SECTIONS.values():
        built = importlib.util.find_spec('chapter5.' + s.module) is not None
        print('%-5s %-20s %s%s' % (s.id, s.module, s.title, '' if built else '  (not yet built)'))
    return 0


def cmd_data(args):
    from chapter5.data import DataError, find_root, read_fashion_mnist
    try:
        root = find_root(args.root)
        counts = [len(read_fashion_mnist(root, train)[1]) for train in (True, False)]
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print('Fashion-MNIST in %s: %d training and %d test images, checked' % ((root,) + tuple(counts)))
    return 0


def cmd_run(args):
    runpy.run_module('chapter5.' + args.section.module, run_name='__main__', alter_sys=True)
    return 0


def cmd_verify(args):
    from chapter5.engine.training_check import verify_training
    from chapter5.verify import verify
    ok = verify([s.id for s in args.sections])
    if args.train:
        ok = verify_training() and ok
    return 0 if ok else 1


def cmd_exercises(args):
    if args.quick and args.record:
        return _refuse('exercises: --record keeps the full-size answers; run it without --quick')
    use_every_core()
    from chapter5.exercises import record, run
    for section in args.sections or SECTIONS.values():
        if args.record:
            record(section.id, args.record)
        else:
            run(section.id, quick=args.quick)
    return 0


def _refuse(message):
    print(message, file=sys.stderr)
    return 2


def _check_run_folders(out, names, args):
    """None, or why these runs cannot be written into `out` (exit 2: nothing is touched)."""
    from chapter5.engine.checkpoints import CheckpointError
    from chapter5.engine.records import check_out, refuse_existing
    try:
        check_out(out)
        refuse_existing(out, names, args.resume, args.overwrite)
    except CheckpointError as e:
        return str(e)
    if args.resume and args.overwrite:
        return '--resume and --overwrite contradict each other: pass one'
    return None


def cmd_train(args):
    if args.book_path and (args.out or args.resume or args.overwrite):
        return _refuse("--book-path trains with the book's own train_ch5, which keeps no checkpoints: "
                       'drop --out/--resume/--overwrite, or drop --book-path')
    if (args.resume or args.overwrite) and not args.out:
        return _refuse('--resume and --overwrite need --out DIR, the folder of the run')
    dist = (args.kvstore or '').startswith('dist')
    if args.book_path and (args.ctx and len(args.ctx) > 1 or args.kvstore):
        return _refuse("--book-path trains with the book's own train_ch5 on one device: "
                       'drop --ctx/--kvstore, or drop --book-path')
    if dist and args.seed is None:
        return _refuse('--kvstore %s needs --seed N: every worker must draw the same initial parameters '
                       'and the same order of examples' % args.kvstore)
    if dist and not os.environ.get('DMLC_ROLE'):
        return _refuse('--kvstore %s trains as one worker of a parameter server: start it with '
                       'chapter5 launch -n WORKERS -s SERVERS -- chapter5 train ...' % args.kvstore)
    if args.resize:
        from chapter5.engine.recipes import min_input_size
        smallest = min_input_size(args.model)
        if args.resize < smallest:
            return _refuse('--resize %d is too small for %s: its layers need at least %dx%d inputs '
                           '(--resize 0 keeps the 28x28 images)'
                           % (args.resize, args.model, smallest, smallest))
    if args.out and not dist:  # with several workers, worker 0 checks the folder once it knows it is 0
        problem = _check_run_folders(args.out, [args.model], args)
        if problem:
            return _refuse(problem)
    if not args.book_path and not dist:  # workers sharing a machine share its cores
        use_every_core()
    from chapter5.engine.checkpoints import CheckpointError
    from chapter5.engine.loop import TrainingDiverged
    from chapter5.engine.recipes import train_recipe
    from chapter5.engine.reproduce import run_recipe
    overrides = dict(num_epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, resize=args.resize,
                     num_train=args.num_train, num_test=args.num_test)
    if args.ctx:
        overrides['ctx'] = args.ctx if len(args.ctx) > 1 else args.ctx[0]
    if args.kvstore:
        overrides['kvstore'] = args.kvstore
    try:
        if args.out:
            run_recipe(args.model, args.out, seed=args.seed, resume=args.resume, overwrite=args.overwrite,
                       **overrides)
        else:
            train_recipe(args.model, book_path=args.book_path, seed=args.seed, **overrides)
    except (TrainingDiverged, CheckpointError) as e:
        print('stopped: %s' % e, file=sys.stderr)
        return 1
    return 0


def cmd_predict(args):
    if bool(args.images) == bool(args.grid):
        return _refuse('predict: give IMAGE files to classify, or --grid FILE.png to draw the first test '
                       'images (not both)')
    from chapter5.engine.checkpoints import CheckpointError
    from chapter5.engine.predict import RunError, classify, grid
    try:
        if args.grid:
            right, n = grid(args.run, args.grid, args.n)
            print('wrote %s: the first %d test images; accuracy on them %.3f (%d of %d)'
                  % (args.grid, n, right / n, right, n))
        else:
            for path, how, top in classify(args.run, args.images, args.invert):
                print('%s (%s): %s' % (path, how, ', '.join('%s %.3f' % (label, p) for label, p in top)))
    except (RunError, CheckpointError) as e:
        print('predict: %s' % e, file=sys.stderr)
        return 1
    return 0


def cmd_export(args):
    from chapter5.engine.checkpoints import CheckpointError
    from chapter5.engine.export import ExportError, export_run
    from chapter5.engine.predict import RunError
    try:
        for path in export_run(args.run, args.format, args.output):
            print('wrote', path)
    except (RunError, CheckpointError, ExportError) as e:
        print('export: %s' % e, file=sys.stderr)
        return 1
    return 0


def cmd_launch(args):
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        return _refuse('launch: give the workers\' command after --, e.g. chapter5 launch -n 2 -s 1 -- '
                       'chapter5 train lenet --kvstore dist_sync --seed 0')
    from chapter5.engine.launch import Launch
    return Launch(command, args.workers, args.servers).run()


def cmd_reproduce(args):
    from chapter5.engine.reproduce import BOOK_RUNS
    names = args.models or list(BOOK_RUNS)
    if args.seeds and args.seed is not None:
        return _refuse('--seed and --seeds contradict each other: pass one')
    # --seeds 0,1,2: one run per seed, each in OUT/seed-N
    runs = [(seed, os.path.join(args.out, 'seed-%d' % seed)) for seed in args.seeds] if args.seeds \
        else [(args.seed, args.out)]
    for _, out in runs:
        problem = _check_run_folders(out, names, args)
        if problem:
            return _refuse(problem)
    use_every_core()
    from chapter5.engine.checkpoints import CheckpointError
    from chapter5.engine.loop import TrainingDiverged
    from chapter5.engine.reproduce import run_recipe, write_results
    failed = False
    for seed, out in runs:
        for name in names:
            print('== %s (%s profile%s)' % (name, args.profile, '' if seed is None else ', seed %d' % seed),
                  flush=True)
            try:
                # --resume goes on with every model: from its checkpoint, or afresh when it has none yet
                run_recipe(name, out, profile=args.profile, seed=seed, resume=args.resume,
                           overwrite=args.overwrite)
            except (TrainingDiverged, CheckpointError) as e:
                print('stopped: %s' % e, file=sys.stderr)
                return 1
            rows = write_results(out)
            failed |= any(r['passed'] is False for r in rows if r['model'] == name)
        with open(os.path.join(out, 'results.md')) as f:
            print(f.read(), end='')
    return 1 if failed else 0


def cmd_results(args):
    from chapter5.engine.results import write
    try:
        print(write(args.root, args.readme), end='')
    except (OSError, ValueError) as e:
        print(e, file=sys.stderr)
        return 1
    return 0


def _model(name):
    try:
        get_model(name)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return name


def _seed(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('%r is not a whole number' % text) from None
    if not 0 <= value < 2 ** 32:
        raise argparse.ArgumentTypeError('%s is outside 0 to 2**32 - 1, the seeds MXNet and numpy take'
                                         % text)
    return value


def _seed_list(text):
    seeds = [_seed(part) for part in text.split(',')]
    if len(set(seeds)) != len(seeds):
        raise argparse.ArgumentTypeError('%s names a seed twice' % text)
    return seeds


def _contexts(text):
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
    return found


def _run_options(p):
    p.add_argument('--seed', type=_seed, help='seed MXNet, numpy and Python (again before each epoch with '
                   'seed + epoch; train --book-path, the book\'s train_ch5: once)')
    p.add_argument('--resume', action='store_true',
                   help='continue from the last whole checkpoint in the output folder')
    p.add_argument('--overwrite', action='store_true',
                   help='start afresh in an output folder that already holds a run (it is deleted)')


def _positive(kind, zero=False):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError('%r is not a number' % text) from None
        if not (value > 0 or (zero and value == 0)):
            raise argparse.ArgumentTypeError('%s must be %s' % (text, '>= 0' if zero else '> 0'))
        return value
    return parse


def _section(name):
    try:
        return find_section(name)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def build_parser():
    parser = argparse.ArgumentParser(
        prog='chapter5', description='Chapter 5 of 动手学深度学习 (MXNet Gluon), runnable and verified.')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')
    sub.required = True
    p = sub.add_parser('list', help='the sections: id, module, title')
    p.set_defaults(func=cmd_list)
    p = sub.add_parser('data', help='find and check Fashion-MNIST')
    p.add_argument('--root', help='the only folder to look in (default: the book\'s, then Debian\'s)')
    p.set_defaults(func=cmd_data)
    p = sub.add_parser('run', help='run a section as the notes do (python -m chapter5.MODULE)')
    p.add_argument('section', type=_section, metavar='SECTION', help='a section id (5.1) or module name')
    p.set_defaults(func=cmd_run)
    p = sub.add_parser('verify', help="check the sections' documented printouts")
    p.add_argument('sections', type=_section, nargs='*', metavar='SECTION',
                   help='section ids or module names (default: all)')
    p.add_argument('--train', action='store_true',
                   help="also train LeNet and both BN-LeNets with the book's recipes and check "
                        "their final test accuracy")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser('exercises', help='answer the sections\' exercises (练习) in code, with measurements')
    p.add_argument('sections', type=_section, nargs='*', metavar='SECTION',
                   help='section ids or module names (default: all)')
    p.add_argument('--quick', action='store_true',
                   help='smoke-sized trainings and measurements (seconds, not the recorded minutes)')
    p.add_argument('--record', nargs='?', const=RECORDED, metavar='DIR',
                   help='keep the full-size answers in DIR/SECTION.json and .md, which the notebooks show '
                        '(default DIR: %s)' % os.path.relpath(RECORDED))
    p.set_defaults(func=cmd_exercises)
    p = sub.add_parser('train', help="train a model with the book's recipe on Fashion-MNIST (the engine's "
                                     "fast path; --book-path: the book's harness)")
    p.add_argument('model', type=_model, metavar='MODEL', help='one of: ' + ', '.join(MODELS))
    p.add_argument('--epochs', type=_positive(int), help='number of epochs (book: 5)')
    p.add_argument('--lr', type=_positive(float), help="learning rate (default: the book's)")
    p.add_argument('--batch-size', type=_positive(int), help="batch size (default: the book's)")
    p.add_argument('--resize', type=_positive(int, zero=True),
                   help="resize images to N x N (default: the book's; 0: none)")
    p.add_argument('--num-train', type=_positive(int), metavar='N',
                   help='train on the first N training images only (a quick run)')
    p.add_argument('--num-test', type=_positive(int), metavar='N',
                   help='test on the first N test images only (a quick run)')
    p.add_argument('--book-path', action='store_true',
                   help="train with the book's own harness (chapter5.utils.train_ch5 and its DataLoaders) "
                        "instead of the engine's fast path")
    p.add_argument('--ctx', type=_contexts, metavar='DEV,DEV,...',
                   help='train data parallel on these devices, e.g. gpu:0,gpu:1 (each batch split across '
                        'them, the gradients summed; the recipe unchanged)')
    p.add_argument('--kvstore', choices=['device', 'local', 'dist_sync', 'dist_device_sync'],
                   help="how gradients are summed: 'device' (default with --ctx), or dist_sync: one worker "
                        "of MXNet's parameter server (start the workers with chapter5 launch)")
    _run_options(p)
    p.add_argument('--out', metavar='DIR',
                   help='write the per-epoch log, curve and checkpoints in DIR/MODEL/')
    p.set_defaults(func=cmd_train)
    p = sub.add_parser('launch', help="start MXNet's parameter server here (a scheduler, servers) and "
                                      'workers running COMMAND; stop them all when one fails')
    p.add_argument('-n', '--workers', type=_positive(int), default=2, help='workers (default 2)')
    p.add_argument('-s', '--servers', type=_positive(int), default=1, help='servers (default 1)')
    p.add_argument('command', nargs=argparse.REMAINDER, metavar='-- COMMAND',
                   help='what each worker runs, e.g. chapter5 train lenet --kvstore dist_sync --seed 0')
    p.set_defaults(func=cmd_launch)
    p = sub.add_parser('reproduce', help="train the book's documented runs; logs, curves, results table")
    p.add_argument('models', type=_model, nargs='*', metavar='MODEL',
                   help="default: the book's nine runs (all but vgg11)")
    p.add_argument('--profile', choices=['book', 'cpu'], default='book',
                   help="book: the book's recipes exactly; cpu: 96x96 inputs instead of 224x224")
    p.add_argument('--out', metavar='DIR', default='runs', help='where runs are written (default: runs)')
    p.add_argument('--seeds', type=_seed_list, metavar='N,N,...',
                   help='one run per seed, each in OUT/seed-N (the spread over seeds)')
    _run_options(p)
    p.set_defaults(func=cmd_reproduce)
    p = sub.add_parser('predict', help="classify pictures with a trained run, or draw the book's figure of "
                                       'test images with true and predicted labels')
    p.add_argument('run', metavar='RUN_DIR',
                   help='the --out folder of a run (chapter5 train MODEL --out DIR)')
    p.add_argument('images', nargs='*', metavar='IMAGE', help='picture files (PNG, JPEG, ...; any size)')
    p.add_argument('--grid', metavar='FILE.png',
                   help='draw the first N test images with true and predicted labels')
    p.add_argument('--n', type=_positive(int), default=16, help='test images in the grid (default 16)')
    p.add_argument('--invert', choices=['auto', 'yes', 'no'], default='auto',
                   help='invert a picture to light-on-black, as Fashion-MNIST is '
                        '(auto: when its border is light)')
    p.set_defaults(func=cmd_predict)
    p = sub.add_parser('export', help='export a trained run: MXNet symbol and parameters, or ONNX')
    p.add_argument('run', metavar='RUN_DIR', help='the --out folder of a run')
    p.add_argument('--format', choices=['mxnet', 'onnx'], required=True)
    p.add_argument('-o', '--output', metavar='PATH',
                   help='mxnet: PATH-symbol.json and PATH-0000.params; onnx: PATH (default: '
                        'RUN/export/MODEL[.onnx])')
    p.set_defaults(func=cmd_export)
    p = sub.add_parser('results', help="the recorded runs of results/ as results/results.md and the README's "
                                       'tables')
    p.add_argument('--root', default='results', help='the folder of recorded runs (default: results)')
    p.add_argument('--readme', default='README.md', help='the README whose results block is rewritten')
    p.set_defaults(func=cmd_results)
    return parser


def main(argv=None):
    from chapter5.data import DataError
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as e:  # a missing or damaged Fashion-MNIST: the message says what to do
        print(e, file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
