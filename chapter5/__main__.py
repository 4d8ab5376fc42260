"""The `chapter5` command: list, run and verify the sections of Chapter 5; train and reproduce its models.

`list`, `data`, `run` and `verify` replay the book layer; `train`, `reproduce` and
`exercises` train through the engine (chapter5.engine), which gives MXNet every core.

Every command goes one way: the options are parsed (chapter5.cli.options: a bad value is refused by
its type), their combination is checked (chapter5.cli.checks: one line, exit 2, nothing touched),
the command runs, and any error of the project's (chapter5.engine.errors, a missing or damaged
Fashion-MNIST) becomes one line on standard error and exit status 1 (`main`).
"""
import importlib.util
import os
import runpy
import sys

from chapter5 import SECTIONS
from chapter5.cli import checks
from chapter5.cli.options import build_parser
from chapter5.engine.threads import use_every_core

# what a command's error line starts with (the rest is the error's own message)
ERROR_PREFIX = {'train': 'stopped: ', 'reproduce': 'stopped: ', 'speedrun': 'stopped: ',
                'predict': 'predict: ', 'export': 'export: '}


def cmd_list(args):
    for s in SECTIONS.values():
        built = importlib.util.find_spec('chapter5.' + s.module) is not None
        print('%-5s %-20s %s%s' % (s.id, s.module, s.title, '' if built else '  (not yet built)'))
    return 0


def cmd_data(args):
    from chapter5.data import find_root, read_fashion_mnist
    if args.download:
        from chapter5.engine.download import SOURCE, download
        download(args.root, base=args.source or SOURCE, timeout=args.timeout)
    root = find_root(args.root)
    counts = [len(read_fashion_mnist(root, train)[1]) for train in (True, False)]
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
    use_every_core()
    from chapter5.exercises import record, run
    for section in args.sections or SECTIONS.values():
        if args.record:
            record(section.id, args.record)
        else:
            run(section.id, quick=args.quick)
    return 0


def cmd_train(args):
    from chapter5.engine.recipes import train_recipe
    from chapter5.engine.reproduce import run_recipe
    if not args.book_path and not (args.kvstore or '').startswith('dist'):
        use_every_core()  # workers sharing a machine share its cores
    overrides = dict(num_epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, resize=args.resize,
                     num_train=args.num_train, num_test=args.num_test)
    if args.ctx:
        overrides['ctx'] = args.ctx if len(args.ctx) > 1 else args.ctx[0]
    if args.kvstore:
        overrides['kvstore'] = args.kvstore
    if args.out:
        run_recipe(args.model, args.out, seed=args.seed, resume=args.resume, overwrite=args.overwrite,
                   **overrides)
    else:
        train_recipe(args.model, book_path=args.book_path, seed=args.seed, **overrides)
    return 0


def cmd_speedrun(args):
    from chapter5.speedrun.run import speedrun
    use_every_core()
    summary = speedrun(args.target, checks.speedrun_out(args), seed=args.seed, resume=args.resume,
                       overwrite=args.overwrite, validate=args.validate, epochs=args.epochs,
                       num_train=args.num_train, num_test=args.num_test, without=args.without)
    return 0 if summary['met'] or not summary['full_plan'] else 1


def cmd_predict(args):
    from chapter5.engine.predict import classify, grid
    if args.grid:
        right, n = grid(args.run, args.grid, args.n)
        print('wrote %s: the first %d test images; accuracy on them %.3f (%d of %d)'
              % (args.grid, n, right / n, right, n))
    else:
        for path, how, top in classify(args.run, args.images, args.invert):
            print('%s (%s): %s' % (path, how, ', '.join('%s %.3f' % (label, p) for label, p in top)))
    return 0


def cmd_export(args):
    from chapter5.engine.export import export_run
    for path in export_run(args.run, args.format, args.output):
        print('wrote', path)
    return 0


def cmd_launch(args):
    from chapter5.engine.launch import Launch
    return Launch(checks.worker_command(args), args.workers, args.servers, host=args.host).run()


def cmd_reproduce(args):
    from chapter5.engine.reproduce import BOOK_RUNS, run_recipe, write_results
    names = args.models or list(BOOK_RUNS)
    use_every_core()
    failed = False
    for seed, out in checks.reproduce_runs(args):
        for name in names:
            print('== %s (%s profile%s)' % (name, args.profile, '' if seed is None else ', seed %d' % seed),
                  flush=True)
            # --resume goes on with every model: from its checkpoint, or afresh when it has none yet
            run_recipe(name, out, profile=args.profile, seed=seed, resume=args.resume,
                       overwrite=args.overwrite)
            rows = write_results(out)
            failed |= any(r['passed'] is False for r in rows if r['model'] == name)
        with open(os.path.join(out, 'results.md')) as f:
            print(f.read(), end='')
    return 1 if failed else 0


def cmd_results(args):
    from chapter5.engine.results import write
    print(write(args.root, args.readme), end='')
    return 0


COMMANDS = {'list': cmd_list, 'data': cmd_data, 'run': cmd_run, 'verify': cmd_verify,
            'exercises': cmd_exercises, 'train': cmd_train, 'speedrun': cmd_speedrun, 'launch': cmd_launch,
            'reproduce': cmd_reproduce,
            'predict': cmd_predict, 'export': cmd_export, 'results': cmd_results}


def main(argv=None):
    """Parse, check, run: exit 0, 1 (the run failed: one line saying why) or 2 (bad options)."""
    from chapter5.data import DataError
    from chapter5.engine.errors import EngineError
    args = build_parser().parse_args(argv)
    found = checks.problem(args)
    if found:
        print(found, file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](args)
    except (EngineError, DataError) as e:  # the message says what was wrong and what to do
        print(ERROR_PREFIX.get(args.command, '') + str(e), file=sys.stderr)
        return 1


if __name__ == '__main__':
    sys.exit(main())
