"""Command line: a thin layer over the pipeline's modules.

Each command lives in its own module that exposes ``register(subparsers)``;
the parser it adds sets ``func(args) -> int`` (the exit code).
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules that contribute a sub-command, in help order.
COMMAND_MODULES = ("pipeline.build", "pipeline.export", "pipeline.corpus", "pipeline.synthcorpus", "pipeline.bench")


class UserError(Exception):
    """A problem the user can fix; shown as one line, exit code 2."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
