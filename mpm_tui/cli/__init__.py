"""`mpm`: open the TUI, or run one command against the workspace and exit.

Every command goes through the services, so a refused move here is refused
exactly as in the TUI. Errors print one line (`mpm: error: …`) and exit
non-zero; nothing is half-written and no traceback reaches the user (set
MPM_DEBUG=1 to see one).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from mpm_tui.cli.parser import SCREENS, UsageError, build_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run mpm; returns the process exit status."""
    from mpm_tui.db.database import DatabaseError
    from mpm_tui.services.errors import MpmError

    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        from mpm_tui.cli.session import run

        return run(args)
    except (MpmError, DatabaseError) as exc:
        print(f"mpm: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("MPM_DEBUG"):
            raise
        print(
            f"mpm: internal error: {type(exc).__name__}: {exc} "
            "(run with MPM_DEBUG=1 for details, and please report it)",
            file=sys.stderr,
        )
        return 70


def temporary_demo_path() -> Path:
    handle, name = tempfile.mkstemp(prefix="mpm-demo-", suffix=".db")
    os.close(handle)
    os.unlink(name)  # open_database creates it; mkstemp only reserved the name
    return Path(name)


__all__ = ["SCREENS", "main", "temporary_demo_path"]
