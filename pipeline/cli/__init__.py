"""Command line: a thin layer over the library.

Each command's module in this package exposes ``register(subparsers)``; the
parser it adds sets ``func(args) -> int`` (the exit code). This is the only
place where errors become text: the library raises
:class:`~pipeline.errors.ExodusError` (or :class:`UserError` here, for bad
arguments), the system ``OSError`` (a read-only or full folder) and damaged
data its own errors; :func:`pipeline.errors.describe` puts each into words,
shown as one ``error:`` line with exit code 2. Anything else is a bug and
keeps its traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from pipeline.errors import ExodusError, describe

# Command name -> the module that registers it, in help order.
COMMANDS = {
    "build": "pipeline.cli.build",
    "export": "pipeline.cli.export",
    "add": "pipeline.cli.add",
    "synthcorpus": "pipeline.cli.dev",
    "bench": "pipeline.cli.dev",
    "evaluate": "pipeline.cli.dev",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


class UserError(ExodusError):
    """A command-line argument the user can fix; shown as one line, exit code 2."""


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's module is imported (a faster start)."""
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = (COMMANDS[only],) if only in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = make_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        line = describe(exc)
        if line is None:
            raise
        print(f"error: {error_line(line)}", file=sys.stderr)
        return 2


def error_line(message: str) -> str:
    """A message as one line: a path or quoted text with newlines must not spill onto more."""
    return " ".join(message.split())
