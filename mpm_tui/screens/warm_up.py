"""Getting the other screens ready while the user reads the first one.

Half a second after start-up a thread imports the modules of the screens not
shown yet; then, one at a time and only after a second without a key press,
each mode's screen is built off screen (composed, mounted, its data read), so
its first visit costs what a return to it costs — a layout and a frame —
instead of 150-700 ms of building. A key pressed meanwhile postpones the next
build: someone working is never made to wait for a screen they did not ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from time import monotonic
from typing import Any, Protocol

IMPORT_AFTER = 0.5
"""Seconds after start-up before the other screens' modules are imported."""
MODULES = tuple(
    f"mpm_tui.screens.{name}"
    for name in ("card_detail", "timeline", "workload", "dashboard", "project_detail", "retro")
)
PREBUILT = ("board", "timeline", "workload", "dashboard", "retro")
"""The modes whose screen is built ahead, in this order."""
IDLE = 1.0
"""Seconds without a key press before the next screen is built."""
GAP = 0.2
"""Seconds between two builds (the frames and reads of one settle first)."""


class Builder(Protocol):
    """What the warm-up asks of the app (`MPMApp`; screens never import the app)."""

    @property
    def is_running(self) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Any: ...

    def run_worker(
        self, work: Callable[[], None], *, name: str, thread: bool, exit_on_error: bool
    ) -> object: ...

    def call_from_thread(self, callback: Callable[[], Any]) -> Any: ...

    def unbuilt(self, mode: str) -> bool: ...

    def build_mode(self, mode: str) -> None: ...


class WarmUp:
    """Imports, then builds, the screens not shown yet (see the module docstring)."""

    def __init__(self, app: Builder, *, clock: Callable[[], float] = monotonic) -> None:
        self.app = app
        self.clock = clock
        self.last_key = clock()
        self.done = False
        """Every screen in `PREBUILT` is built (or was shown before its turn)."""

    def start(self, *, build: bool = True) -> None:
        """Import in a thread after `IMPORT_AFTER`; then build (`build`) when idle."""
        self.app.set_timer(IMPORT_AFTER, lambda: self._import(build))

    def key(self) -> None:
        """A key was pressed: the next build waits for `IDLE` seconds of quiet."""
        self.last_key = self.clock()

    def _import(self, build: bool) -> None:
        app = self.app

        def imports() -> None:
            for module in MODULES:
                import_module(module)
            if build:
                app.call_from_thread(self.build_next)

        app.run_worker(imports, name="warm-up imports", thread=True, exit_on_error=False)

    def build_next(self) -> None:
        """Build the next screen not built yet, when the keyboard has been quiet."""
        app = self.app
        if not app.is_running:
            return
        quiet = self.clock() - self.last_key
        if quiet < IDLE:
            app.set_timer(IDLE - quiet, self.build_next)
            return
        mode = next((m for m in PREBUILT if app.unbuilt(m)), None)
        if mode is None:
            self.done = True
            return
        app.build_mode(mode)
        app.set_timer(GAP, self.build_next)
