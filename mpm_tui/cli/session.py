"""One `mpm` run: the settings, the workspace opened, the user mapped to a member,
then the TUI or one command.

Opening the TUI imports nothing of the commands (cli/commands.py and every
command group's module): a cold start pays only for the screens.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import suppress
from pathlib import Path

from mpm_tui.cli.parser import SCREENS
from mpm_tui.config import load_settings, paths
from mpm_tui.db.database import DatabaseError, close_database, open_database
from mpm_tui.services import members
from mpm_tui.services.context import ServiceContext, os_user


def run(args: argparse.Namespace) -> int:
    """Open the workspace as the user, then the TUI or the command; always closed after."""
    settings, warnings = load_settings()
    for warning in warnings:
        print(f"mpm: warning: {warning}", file=sys.stderr)
    demo_path: Path | None = None
    try:
        if args.demo:
            from mpm_tui.cli import temporary_demo_path

            demo_path = temporary_demo_path()
            target: str = str(demo_path)
            label = "demo workspace (temporary)"
        else:
            target = args.db or settings.db or str(_default_db())
            label = _label(target)
        if args.demo:
            from mpm_tui.cli.demo import write_demo

            print("mpm: preparing the demo workspace…", file=sys.stderr, flush=True)
            write_demo(Path(target))
        open_database(target)
        user = args.user or settings.user
        if args.demo and not user:
            from mpm_tui.services.demo import DEMO_USER

            user = DEMO_USER
        actor = members.resolve_actor(user, os_user=os_user(), read_only=args.read_only)
        ctx = ServiceContext(actor)
        command = args.command or "board"
        if command in SCREENS and getattr(args, "action", None) is None:
            return _open_tui(ctx, label, command, settings.theme)
        if command == "present":
            from mpm_tui.cli.present import open_presenter

            return open_presenter(ctx, label, settings.theme, args.interval)
        from mpm_tui.cli.commands import HANDLERS

        handler = (
            HANDLERS.get((command, getattr(args, "action", None))) or HANDLERS[(command, None)]
        )
        return handler(ctx, args)
    finally:
        close_database()
        if demo_path is not None:
            for suffix in ("", "-wal", "-shm"):
                with suppress(OSError):
                    Path(f"{demo_path}{suffix}").unlink()


def _default_db() -> Path:
    path = paths().default_db
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the data folder {path.parent}: {exc}") from exc
    return path


def _label(target: str) -> str:
    if "://" in target and not target.startswith("sqlite:"):
        return target.split("@")[-1]
    return Path(target.removeprefix("sqlite:///")).name


def _open_tui(ctx: ServiceContext, label: str, mode: str, theme: str) -> int:
    from mpm_tui.app import MPMApp

    app = MPMApp(ctx, workspace=label, mode=mode, theme=theme)
    app.run()
    return app.return_code or 0
