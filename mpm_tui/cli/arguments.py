"""What every part of the command line shares: the one-line-error parser and common options."""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    """A bad flag or argument: reported in one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see `{self.prog} --help`)")


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
