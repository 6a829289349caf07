"""`mpm backup [PATH]`: a consistent copy of the SQLite workspace, taken while
others work, then checked (the rules and the copy are `services.backup`'s).

This module is imported by the parser, so it imports the service only when the
command runs: opening the TUI never loads it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mpm_tui.cli.arguments import Parser

if TYPE_CHECKING:
    from mpm_tui.services.context import ServiceContext


def backup_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the SQLite workspace safely while others work, then check the copy",
    )
    backup.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="a new file, or a folder for the timestamped copy (default: "
        "NAME-backup-YYYYMMDD-HHMMSS.db beside the database, else in the data dir)",
    )


def cmd_backup(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services.backup import backup_workspace

    result = backup_workspace(ctx, Path(args.path) if args.path else None)
    print(result.describe())
    if result.ok:
        return 0
    print(
        f"mpm: error: the copy at {result.path} fails its integrity check, so the workspace "
        "itself is probably damaged: keep both files and check the workspace with "
        "`sqlite3 FILE 'PRAGMA integrity_check'`",
        file=sys.stderr,
    )
    return 1


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("backup", None): cmd_backup,
}
