"""Live refresh: open screens show other people's changes within about a second.

Every write records an activity entry, so `activity.latest_change()` (one cheap
query over the newest entries) is a change counter that works the same on
SQLite (many processes on one file) and on PostgreSQL. The app's
`ChangeWatcher` reads it about once a second; when it moved past what the
screen on top last read (`seen_change`), that screen re-reads in place
(`refresh_live()`), keeping its focused card or row (by id) and its scroll
position.

Only the screen on top refreshes, and only one that says it can (`LiveScreen`):
while a dialog or form is open over it nothing is re-read, so typing is never
lost; the screen catches up on the first tick after the dialog closes (or on
resume). A screen that cannot refresh right now (a card held on the board, an
item being edited in the retro, a load already on its way) returns without
reading: the next tick asks again. A screen's own writes set its `seen_change`
when it reads back after them, so they cost no second read.

When the change came from someone else and is about what the screen shows (its
`LIVE_NOTES`: the kinds of record it shows), a short note says what it was
("Tom Becker: moved To Do → Review: 'Brief'"), at most one every `NOTE_GAP`
seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, Protocol, runtime_checkable

from textual.screen import Screen
from textual.widgets import DataTable

from mpm_tui.schemas.views import ActivityView

LIVE_EVERY = 1.0
"""Seconds between two reads of the change counter in the real app."""
NOTE_GAP = 10.0
"""Seconds at least between two notes about other people's changes."""
NOTE_READ = 10
"""How many of the newest entries a note looks at (more: "and more")."""


@runtime_checkable
class LiveScreen(Protocol):
    """A screen that re-reads in place when the workspace changed under it. It may
    also say what kinds of record it shows (`LIVE_NOTES: ClassVar[frozenset[str]]`,
    the activity log's `entity` names): someone else's change to one gets a note."""

    seen_change: int
    """The change number (`activity.latest_change()`) its data was read at."""

    def refresh_live(self) -> None:
        """Read again and redraw, keeping the focused item and the scroll position;
        or return at once when it cannot now (it is asked again on the next tick)."""
        ...


def change_note(entries: Sequence[ActivityView], me: str, *, more: bool = False) -> str:
    """One line about the newest change by someone other than `me` ("" when all are
    mine): who did what, and how many more there were."""
    others = [entry for entry in entries if entry.actor != me]
    if not others:
        return ""
    newest = others[0]
    rest = len(others) - 1
    text = f"{newest.actor}: {newest.summary}"
    if more:
        text += " (and more changes)"
    elif rest:
        text += f" (and {rest} more change{'' if rest == 1 else 's'})"
    return text


class ChangeWatcher:
    """Reads the change counter on every `tick()` and refreshes the screen on top.

    Everything it touches comes in as a callable, so its logic is tested without
    an app: `read_change` (the counter), `read_entries` (the newest entries,
    newest first), `top` (the screen on top), `notify` (shows a note) and
    `clock` (seconds, for the gap between notes)."""

    def __init__(
        self,
        *,
        me: str,
        read_change: Callable[[], int],
        read_entries: Callable[[int], Sequence[ActivityView]],
        top: Callable[[], object],
        notify: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        note_gap: float = NOTE_GAP,
        change_id: Callable[[int], int] = lambda change: change,
    ) -> None:
        self.me = me
        self.read_change = read_change
        self.read_entries = read_entries
        self.top = top
        self.notify = notify
        self.clock = clock
        self.note_gap = note_gap
        self.change_id = change_id
        """The newest entry id a change number stands for (`activity.change_id`)."""
        self.noted: int | None = None
        """The newest change already considered for a note (None: not read yet)."""
        self.last_note: float | None = None
        self.refreshes = 0
        """How many refreshes it asked for (for tests and the curious)."""

    def start(self) -> None:
        """Note where the workspace stands as the app starts: changes before are no news."""
        try:
            self.noted = self.read_change()
        except Exception:  # the first tick tries again
            self.noted = None

    def tick(self) -> None:
        """One poll: a query for the counter; a refresh (and maybe a note) when the
        screen on top is behind it."""
        try:
            change = self.read_change()
        except Exception:  # a busy or lost database: this poll is skipped, the next retries
            return
        if self.noted is None:
            self.noted = change  # not started: what was there before it looked is no news
        screen = self.top()
        if not isinstance(screen, LiveScreen) or screen.seen_change == change:
            return  # a dialog on top (refreshed when it closes), or nothing new
        self.refreshes += 1
        screen.refresh_live()
        self._note(change, getattr(screen, "LIVE_NOTES", frozenset()))

    def _note(self, change: int, kinds: frozenset[str]) -> None:
        """Say what others changed since the last note about the `kinds` of record
        the screen shows, when the gap since the last note has passed."""
        noted, self.noted = self.noted, change
        if noted is None or change <= noted or not kinds:
            return
        now = self.clock()
        if self.last_note is not None and now - self.last_note < self.note_gap:
            return
        try:
            newer = self.change_id(noted)
            entries = [e for e in self.read_entries(NOTE_READ + 1) if e.id > newer]
        except Exception:  # the note is a nicety: never an error for it
            return
        more = len(entries) > NOTE_READ
        shown = [entry for entry in entries[:NOTE_READ] if entry.entity in kinds]
        text = change_note(shown, self.me, more=more)
        if text:
            self.last_note = now
            self.notify(text)


@contextmanager
def place_kept(table: DataTable[Any]) -> Iterator[None]:
    """Around a refill of `table` that puts its cursor back on the same row key:
    keep that row where it was on screen, so rows added or removed above it do
    not scroll what is looked at away (the scroll moves by as many rows).
    Done after the next refresh, when the table knows its new height, and only if
    the cursor is still on that row then."""
    before_row, before_y = table.cursor_row, table.scroll_y
    had_rows = table.row_count > 0
    yield
    if not had_rows or not table.row_count:
        return
    after_row = table.cursor_row
    target = max(0.0, before_y + after_row - before_row)

    def restore() -> None:
        if table.cursor_row == after_row and table.scroll_y != target:
            table.scroll_to(y=target, animate=False, force=True)

    table.call_after_refresh(restore)


@contextmanager
def places_kept(screen: Screen[Any]) -> Iterator[None]:
    """`place_kept` for every table on `screen`."""
    with ExitStack() as stack:
        for table in screen.query(DataTable):
            stack.enter_context(place_kept(table))
        yield


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (None: an empty table)."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def cursor_back(table: DataTable[Any], key: str | None, row: int) -> None:
    """After a refill: the cursor on the row `key` when it is still there, else on
    row number `row` (as near as the table allows)."""
    if not table.row_count:
        return
    keys = [row_key.value for row_key in table.rows]
    if key is not None and key in keys:
        row = keys.index(key)
    table.move_cursor(row=max(0, min(row, table.row_count - 1)), animate=False)
