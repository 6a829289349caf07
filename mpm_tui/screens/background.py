"""Read a screen's data off the event loop, with the screen's frame drawn first.

At 10,000 tasks the timeline, the workload and the dashboard take 0.2–0.7 s to
read and compute. Switching to one of them must not freeze the terminal for
that long: the screen is drawn at once (empty with "Loading…" the first time,
its previous data on a refresh), the reading runs in a thread worker with its
own database connection, and the result is shown when it arrives. Keys keep
working meanwhile (the switch back to the board included), and a newer load
replaces an older one (only the latest result is ever shown).

`MPMApp(background_loads=False)` reads in place instead: the Pilot tests and
snapshots see a settled screen after `pilot.pause()`; tests/ui/test_background_loads.py
covers the threaded path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

from mpm_tui.services import activity
from mpm_tui.services.connections import release_thread_connection

T = TypeVar("T")


class BackgroundLoad:
    """The loads of one screen: at most one in flight, the newest one wins."""

    def __init__(self, screen: Screen[object], what: str) -> None:
        self.screen = screen
        self.what = what
        self.generation = 0
        self.pending = False
        self.shown = False

    @property
    def threaded(self) -> bool:
        return bool(getattr(self.screen.app, "background_loads", False))

    @property
    def first(self) -> bool:
        """The screen's first load is still on its way (nothing to show yet)."""
        return self.pending and not self.shown

    def outdated(self, seen: int) -> bool:
        """The workspace changed since the change number `seen` the shown data was
        read at — never while a load is on its way: it brings what changed (and a
        second read started beside it would only slow both down)."""
        return not self.pending and activity.latest_change() != seen

    def invalidate(self) -> None:
        """What is in flight is older than what the screen now shows: drop it."""
        self.generation += 1
        self.pending = False

    def start(
        self, fetch: Callable[[], T], show: Callable[[T], None], *, in_place: bool = False
    ) -> None:
        """Run `fetch()` (no widgets touched there: it runs in a thread) and hand its
        result to `show()` on the app's thread; `in_place` (or loads not threaded):
        now, on this thread — an edit's own reload, which must be seen at once."""
        self.generation += 1
        generation = self.generation
        if in_place or not self.threaded:
            self.pending = False
            show(fetch())
            self.shown = True
            return
        self.pending = True
        screen = self.screen

        def apply(result: T) -> None:
            if generation != self.generation or not screen.is_attached:
                return  # a newer load was started, or the screen has gone
            self.pending = False
            show(result)
            self.shown = True

        def failed(error: Exception) -> None:
            if generation != self.generation:
                return
            self.pending = False
            screen.notify(
                f"Could not read the {self.what}: {error}",
                title="Not loaded",
                severity="error",
                markup=False,
            )

        def work() -> None:
            # call_later posts to the screen's queue: thread-safe and non-blocking
            # (a closing app just drops it; nothing waits on a stopped loop).
            worker = get_current_worker()
            try:
                result = fetch()
            except Exception as error:  # shown to the user, never a traceback
                if not worker.is_cancelled:
                    screen.call_later(failed, error)
                return
            finally:
                release_thread_connection()  # this thread's, not the app's
            if not worker.is_cancelled:
                screen.call_later(apply, result)

        screen.run_worker(
            work,
            name=f"load {self.what}",
            group=f"load-{id(self)}",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )
