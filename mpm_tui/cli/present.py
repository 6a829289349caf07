"""`mpm present [--interval SECONDS]`: open the app presenting, for the weekly sync.

The app starts on the board in presenter mode (board → timeline → workload →
dashboard); with `--interval` it moves on by itself every SECONDS, and `p`
pauses. Escape ends presenting and leaves the app open as usual.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser imports this module: keep it light
    from mpm_tui.services.context import ServiceContext


def interval_seconds(text: str) -> float:
    """--interval: a positive number of seconds (argparse type; refused in one line)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return seconds


def open_presenter(ctx: ServiceContext, label: str, theme: str, interval: float | None) -> int:
    """The app, presenting from the board (textual is imported only now)."""
    from mpm_tui.app import MPMApp
    from mpm_tui.screens.presenter import PresentOptions

    app = MPMApp(ctx, workspace=label, theme=theme, present=PresentOptions(interval=interval))
    app.run()
    return app.return_code or 0
