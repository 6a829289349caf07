"""What every part of the command line shares: the one-line-error parser and common options."""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    """A bad flag or argument: reported in one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        # An unknown argument is echoed as typed: keep its line breaks from splitting the line.
        message = message.replace("\r", "\\r").replace("\n", "\\n")
        raise UsageError(f"{self.prog}: error: {message} (see `{self.prog} --help`)")


def whole_number(text: str) -> int:
    """`type=` for a whole-number argument (an id, a position): `int`, but no larger
    than the database can hold (a 30-digit id would fail the query, not find nothing)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if not -(2**63) <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text} is too large a number")
    return value


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
