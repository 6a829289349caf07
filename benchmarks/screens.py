"""The app's screens as the benchmarks see them: each mode's key, screen class and
main widget, and whether that widget holds its data (the screen is "drawn").

Classes are matched by name, so nothing here imports a screen or a widget
module: the app imports each screen the first time it is shown, and a
benchmark must not do that work for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class Mode:
    name: str
    key: str
    """The app's key for it (`mpm_tui.screens.SCREENS`)."""
    screen: str
    """The screen's class name."""
    widget: str
    """A selector for its main widget."""
    holds_data: Callable[[Any], bool]
    """The main widget has data to show (not empty, not "Loading…")."""


MODES: dict[str, Mode] = {
    mode.name: mode
    for mode in (
        Mode("board", "1", "BoardScreen", "BoardCanvas", lambda w: bool(w.columns)),
        Mode("timeline", "2", "TimelineScreen", "TimelineCanvas", lambda w: bool(w.rows)),
        Mode("workload", "3", "WorkloadScreen", "WorkloadGrid", lambda w: bool(w.lines)),
        Mode("dashboard", "5", "DashboardScreen", "#portfolio", lambda w: w.row_count > 0),
    )
}
"""The modes with a data widget, by name (retro, mode 4, is per project: not here)."""

BY_SCREEN: dict[str, Mode] = {mode.screen: mode for mode in MODES.values()}

_widgets: WeakKeyDictionary[Screen[Any], Widget | None] = WeakKeyDictionary()


def main_widget(screen: Screen[Any]) -> Widget | None:
    """The screen's main widget (looked up once per screen), None if it has none."""
    if screen not in _widgets:
        mode = BY_SCREEN.get(type(screen).__name__)
        try:
            _widgets[screen] = screen.query_one(mode.widget) if mode is not None else None
        except NoMatches:
            return None  # not composed yet: ask again next frame
    return _widgets[screen]


def data_drawn(screen: Screen[Any]) -> bool:
    """A `FrameClock` probe: the screen's main widget is shown and holds its data
    as the frame is written (so the frame shows the data, not a "Loading…" state)."""
    widget = main_widget(screen)
    if widget is None:
        return False
    mode = BY_SCREEN[type(screen).__name__]
    return bool(widget.display and widget.size.area and mode.holds_data(widget))
