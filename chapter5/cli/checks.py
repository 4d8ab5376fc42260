"""The one validation step of the `chapter5` command: combinations of options that cannot work
together, refused with one line saying what to do before anything runs or is written (exit 2).
A single option's value is checked by its argparse type (chapter5.cli.options)."""
import os


def problem(args):
    """None, or what is wrong with the command line `args` (one line)."""
    check = {'data': _data, 'exercises': _exercises, 'train': _train, 'launch': _launch,
             'reproduce': _reproduce, 'predict': _predict, 'speedrun': _speedrun}.get(args.command)
    return check(args) if check else None


def worker_command(args):
    """The command `chapter5 launch` gives each worker: what follows --."""
    return args.worker_command[1:] if args.worker_command[:1] == ['--'] else args.worker_command


def run_folders(out, names, args):
    """None, or why these runs cannot be written into `out`."""
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


def _data(args):
    if not args.download and (args.source is not None or args.timeout != 30.0):
        return 'data: --source and --timeout go with --download'
    if not 0 < args.timeout < 3600:
        return 'data: --timeout takes seconds between 0 and 3600 (default 30)'
    if args.source is not None and not (args.source.startswith(('http://', 'https://', 'file:'))
                                        and args.source.endswith('/')):
        return 'data: --source takes a folder URL ending in / (http://, https:// or file:)'
    return None


def _exercises(args):
    if args.quick and args.record:
        return 'exercises: --record keeps the full-size answers; run it without --quick'
    return None


def _train(args):
    dist = (args.kvstore or '').startswith('dist')
    if args.book_path and (args.out or args.resume or args.overwrite):
        return ("--book-path trains with the book's own train_ch5, which keeps no checkpoints: "
                'drop --out/--resume/--overwrite, or drop --book-path')
    if (args.resume or args.overwrite) and not args.out:
        return '--resume and --overwrite need --out DIR, the folder of the run'
    if args.book_path and (args.ctx and len(args.ctx) > 1 or args.kvstore):
        return ("--book-path trains with the book's own train_ch5 on one device: "
                'drop --ctx/--kvstore, or drop --book-path')
    if dist and args.seed is None:
        return ('--kvstore %s needs --seed N: every worker must draw the same initial parameters '
                'and the same order of examples' % args.kvstore)
    if dist and not os.environ.get('DMLC_ROLE'):
        return ('--kvstore %s trains as one worker of a parameter server: start it with '
                'chapter5 launch -n WORKERS -s SERVERS -- chapter5 train ...' % args.kvstore)
    # with several workers, worker 0 checks the folder once it knows it is 0 (reproduce.run_recipe)
    return _resize(args) or (run_folders(args.out, [args.model], args) if args.out and not dist else None)


def _resize(args):
    if not args.resize:
        return None
    from chapter5.engine.recipes import min_input_size
    smallest = min_input_size(args.model)
    if args.resize < smallest:
        return ('--resize %d is too small for %s: its layers need at least %dx%d inputs '
                '(--resize 0 keeps the 28x28 images)' % (args.resize, args.model, smallest, smallest))
    return None


def speedrun_out(args):
    """The folder a speedrun writes DIR/MODEL/ into: --out, or runs/speedrun/seed-N (an ablation:
    runs/speedrun/without-CHOICE/seed-N)."""
    ablation = ['without-' + args.without] if args.without else []
    return args.out or os.path.join('runs', 'speedrun', *ablation, 'seed-%d' % args.seed)


def _speedrun(args):
    from chapter5.speedrun.plans import PLANS
    return run_folders(speedrun_out(args), [PLANS[args.target].model], args)


def _launch(args):
    if not worker_command(args):
        return ("launch: give the workers' command after --, e.g. chapter5 launch -n 2 -s 1 -- "
                'chapter5 train lenet --kvstore dist_sync --seed 0')
    return None


def _reproduce(args):
    from chapter5.engine.reproduce import BOOK_RUNS
    if args.seeds and args.seed is not None:
        return '--seed and --seeds contradict each other: pass one'
    for _, out in reproduce_runs(args):
        found = run_folders(out, args.models or list(BOOK_RUNS), args)
        if found:
            return found
    return None


def reproduce_runs(args):
    """[(seed, out folder)] of `chapter5 reproduce`: --seeds 0,1,2 makes one run per seed in OUT/seed-N."""
    if args.seeds:
        return [(seed, os.path.join(args.out, 'seed-%d' % seed)) for seed in args.seeds]
    return [(args.seed, args.out)]


def _predict(args):
    if bool(args.images) == bool(args.grid):
        return ('predict: give IMAGE files to classify, or --grid FILE.png to draw the first test '
                'images (not both)')
    return None
