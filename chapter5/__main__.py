"""The `chapter5` command: list, run and verify the sections of Chapter 5."""
import argparse
import importlib.util
import runpy
import sys

from chapter5 import SECTIONS, find_section


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
    from chapter5.verify import verify
    return 0 if verify([s.id for s in args.sections]) else 1


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
    p.set_defaults(func=cmd_verify)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == '__main__':
    sys.exit(main())
