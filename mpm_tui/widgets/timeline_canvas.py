"""The timeline canvas: a Gantt chart of projects, tasks and milestones in one widget.

Line-rendered (see `TimelinePaint`): a workspace of thousands of tasks costs
what is on screen. This file holds the view's state and interaction — the
focused row, collapsed projects, the time axis (zoom and scroll), the mouse —
and tells its screen what is focused. It never reads or writes data: the
screen hands it the timeline and the schedule (`show`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from mpm_tui.logic.schedule import Schedule
from mpm_tui.schemas.timeline import TimelineData
from mpm_tui.widgets.timeline_layout import (
    Axis,
    MilestoneRow,
    ProjectRow,
    Row,
    TaskRow,
    Zoom,
    build_rows,
    extent,
)
from mpm_tui.widgets.timeline_paint import HEADER_ROWS, TimelinePaint

RowKey = tuple[str, int | None]


def row_key(row: Row) -> RowKey:
    if isinstance(row, ProjectRow):
        return ("project", row.key)
    if isinstance(row, TaskRow):
        return ("task", row.task.id)
    return ("milestone", row.milestone.id)


def _nav(keys: str, action: str, description: str, tooltip: str, name: str) -> Binding:
    return Binding(keys, action, description, show=False, id=f"timeline.{name}", tooltip=tooltip)


class TimelineCanvas(TimelinePaint, can_focus=True):
    """Rows down (projects, their tasks and milestones), dates across."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--header",
        "timeline--meta",
        "timeline--rule",
        "timeline--weekend",
        "timeline--today",
        "timeline--today-header",
        "timeline--cursor",
        "timeline--cursor-blurred",
        "timeline--cursor-row",
        "timeline--project",
        "timeline--project-name",
        "timeline--project-span",
        "timeline--bar",
        "timeline--bar-critical",
        "timeline--bar-risk",
        "timeline--bar-done",
        "timeline--related-row",
        "timeline--slack",
        "timeline--milestone",
        "timeline--milestone-name",
        "timeline--critical",
        "timeline--risk",
        "timeline--done",
        "timeline--link",
    }
    DEFAULT_CSS = """
    TimelineCanvas {
        height: 1fr;
        background: $background;
        & > .timeline--header { text-style: bold; }
        & > .timeline--meta { color: $text-muted; }
        & > .timeline--rule { color: $border-blurred; }
        & > .timeline--weekend { background: $surface; }
        & > .timeline--today { color: $text-warning; text-style: bold; }
        & > .timeline--today-header { color: $text-warning; text-style: bold reverse; }
        & > .timeline--cursor { background: $block-cursor-blurred-background; }
        &:focus > .timeline--cursor { background: $block-cursor-background;
                                      color: $block-cursor-foreground; }
        & > .timeline--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .timeline--cursor-row { background: $primary-muted; }
        & > .timeline--related-row { background: $accent-muted; }
        & > .timeline--project { background: $panel; }
        & > .timeline--project-name { text-style: bold; }
        & > .timeline--project-span { color: $text-primary; text-style: bold; }
        & > .timeline--bar { color: $primary; }
        & > .timeline--bar-critical { color: $error; }
        & > .timeline--bar-risk { color: $warning; }
        & > .timeline--bar-done { color: $success-darken-2; }
        & > .timeline--slack { color: $text-muted; }
        & > .timeline--milestone { color: $text-accent; text-style: bold; }
        & > .timeline--milestone-name { text-style: italic; }
        & > .timeline--critical { color: $text-error; text-style: bold; }
        & > .timeline--risk { color: $text-warning; text-style: bold; }
        & > .timeline--done { color: $text-success; }
        & > .timeline--link { color: $text-accent; text-style: bold; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        _nav("j,down", "row(1)", "Down", "The next row", "down"),
        _nav("k,up", "row(-1)", "Up", "The row above", "up"),
        _nav("home", "row(-1000000)", "First row", "The first row", "first_row"),
        _nav("end", "row(1000000)", "Last row", "The last row", "last_row"),
        _nav("pagedown", "page_rows(1)", "Page down", "A screenful of rows down", "page_down"),
        _nav("pageup", "page_rows(-1)", "Page up", "A screenful of rows up", "page_up"),
        _nav("h,left", "scroll_time(-1)", "Earlier", "One day/week/month earlier", "earlier"),
        _nav("l,right", "scroll_time(1)", "Later", "One day/week/month later", "later"),
        _nav("H,shift+left", "page_time(-1)", "Page earlier", "A screenful earlier", "page_left"),
        _nav("L,shift+right", "page_time(1)", "Page later", "A screenful later", "page_right"),
        Binding("t", "today", "Today", id="timeline.today", tooltip="Scroll to today"),
        _nav("g", "to_start", "Start", "Scroll to where the timeline starts", "start"),
        _nav("G", "to_end", "End", "Scroll to where the timeline ends", "end"),
        Binding("z", "zoom_cycle", "Zoom", id="timeline.zoom", tooltip="Zoom: day → week → month"),
        _nav("plus,equals_sign", "zoom(-1)", "Zoom in", "Zoom in (month → week → day)", "in"),
        _nav("minus", "zoom(1)", "Zoom out", "Zoom out (day → week → month)", "out"),
        Binding(
            "space",
            "toggle_project",
            "Fold",
            id="timeline.fold",
            tooltip="Fold or unfold the focused project's tasks",
        ),
    ]

    class Highlighted(Message):
        """The focused row changed (or its content did)."""

        def __init__(self, canvas: TimelineCanvas, row: Row | None) -> None:
            super().__init__()
            self.canvas = canvas
            self.row = row

        @property
        def control(self) -> TimelineCanvas:
            return self.canvas

    class AxisChanged(Message):
        """Zoom or scroll changed: the screen's summary line follows."""

        def __init__(self, canvas: TimelineCanvas) -> None:
            super().__init__()
            self.canvas = canvas

        @property
        def control(self) -> TimelineCanvas:
            return self.canvas

    def __init__(self, *, today: date, zoom: Zoom = Zoom.WEEK, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.rows = []
        self.cursor = 0
        self.top = 0
        self.axis = Axis(zoom, Axis.aligned(zoom, today), 60).showing(today)
        self.holidays = frozenset()
        self.related = {}
        self._row_cache = {}
        self.collapsed: set[int | None] = set()
        self.data = TimelineData()
        self.schedule: Schedule | None = None
        self._preds: dict[int, list[int]] = {}
        self._succs: dict[int, list[int]] = {}

    # ------------------------------------------------------------------ state

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def current_task(self) -> TaskRow | None:
        row = self.current
        return row if isinstance(row, TaskRow) else None

    def show(self, data: TimelineData, schedule: Schedule, focus: RowKey | None = None) -> None:
        """Draw this timeline; keep the focus on `focus` (or on the row focused now)."""
        if focus is None and self.current is not None:
            focus = row_key(self.current)
        self.data, self.schedule = data, schedule
        self.holidays = data.holidays
        preds: dict[int, list[int]] = defaultdict(list)
        succs: dict[int, list[int]] = defaultdict(list)
        for before, after in data.dependencies:
            preds[after].append(before)
            succs[before].append(after)
        self._preds, self._succs = dict(preds), dict(succs)
        self._rebuild(focus)

    def _rebuild(self, focus: RowKey | None) -> None:
        if self.schedule is None:
            return
        self.rows = build_rows(self.data, self.schedule, self.collapsed)
        self._row_cache.clear()
        keys = [row_key(row) for row in self.rows]
        if focus is not None and focus in keys:
            self.cursor = keys.index(focus)
        self.cursor = max(0, min(self.cursor, len(self.rows) - 1))
        self._focus_changed(follow=False)

    def _focus_changed(self, *, follow: bool = True) -> None:
        row = self.current
        related: dict[int, str] = {}
        if isinstance(row, TaskRow):
            related.update(dict.fromkeys(self._succs.get(row.task.id, ()), "succ"))
            related.update(dict.fromkeys(self._preds.get(row.task.id, ()), "pred"))
        elif isinstance(row, MilestoneRow):
            related.update(dict.fromkeys(row.milestone.after, "pred"))
        self.related = related
        self._scroll_rows()
        if follow:
            self._follow(row)
        self.post_message(self.Highlighted(self, row))
        self.refresh()

    def _follow(self, row: Row | None) -> None:
        """Bring the focused bar into view when it is entirely off the chart."""
        if isinstance(row, TaskRow):
            start, end = row.start, row.end
        elif isinstance(row, MilestoneRow):
            start = end = row.milestone.date
        else:
            return
        axis = self.axis
        if end < axis.first_day or start > axis.last_day:
            self._set_axis(axis.showing(start, 1 / 4))

    def _scroll_rows(self) -> None:
        rows = self.body_rows
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + rows:
            self.top = self.cursor - rows + 1
        self.top = max(0, min(self.top, max(0, len(self.rows) - rows)))

    def _set_axis(self, axis: Axis) -> None:
        self.axis = axis.resized(self.chart_width)
        self.post_message(self.AxisChanged(self))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.axis = self.axis.resized(self.chart_width)
        self._scroll_rows()
        self.post_message(self.AxisChanged(self))

    # ------------------------------------------------------------------ actions

    def action_row(self, step: int) -> None:
        if not self.rows:
            return
        target = max(0, min(len(self.rows) - 1, self.cursor + step))
        if target != self.cursor:
            self.cursor = target
            self._focus_changed()

    def action_page_rows(self, pages: int) -> None:
        self.action_row(pages * max(1, self.body_rows - 1))

    def action_scroll_time(self, units: int) -> None:
        self._set_axis(self.axis.moved(units))

    def action_page_time(self, pages: int) -> None:
        self._set_axis(self.axis.paged(pages))

    def action_today(self) -> None:
        self._set_axis(self.axis.showing(self.today))

    def action_to_start(self) -> None:
        span = extent(self.rows)
        if span is not None:
            self._set_axis(self.axis.showing(span[0], 0.0).moved(-1))

    def action_to_end(self) -> None:
        span = extent(self.rows)
        if span is not None:
            self._set_axis(self.axis.showing(span[1], 1.0).moved(1))

    def action_zoom(self, step: int) -> None:
        zoom = self.axis.zoom.coarser if step > 0 else self.axis.zoom.finer
        self.set_zoom(zoom)

    def action_zoom_cycle(self) -> None:
        self.set_zoom(self.axis.zoom.next)

    def set_zoom(self, zoom: Zoom) -> None:
        if zoom is self.axis.zoom:
            return
        keep = self._anchor_day()
        self._set_axis(self.axis.zoomed(zoom, keep))

    def _anchor_day(self) -> date:
        """What a zoom keeps in place: the focused bar, else today, else the middle."""
        axis = self.axis
        row = self.current
        candidates = [self.today]
        if isinstance(row, TaskRow):
            candidates.insert(0, row.start)
        elif isinstance(row, MilestoneRow):
            candidates.insert(0, row.milestone.date)
        for day in candidates:
            if axis.first_day <= day <= axis.last_day:
                return day
        return axis.first_day + timedelta(days=axis.days_shown // 2)

    def action_toggle_project(self) -> None:
        row = self.current
        if row is None:
            return
        if isinstance(row, ProjectRow):
            key = row.key
        elif isinstance(row, TaskRow):
            key = row.task.project_id
        else:
            key = row.milestone.project_id
        if key in self.collapsed:
            self.collapsed.discard(key)
        else:
            self.collapsed.add(key)
        self._rebuild(("project", key))

    def toggle_all(self) -> None:
        """Fold every project, or unfold them all when all are folded."""
        keys = {row.key for row in self.rows if isinstance(row, ProjectRow)}
        self.collapsed = set() if keys <= self.collapsed else keys
        current = self.current
        focus = ("project", None)
        if current is not None:
            focus = row_key(current) if isinstance(current, ProjectRow) else focus
        self._rebuild(focus if focus[1] is not None else None)

    # ------------------------------------------------------------------ mouse

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        if event.shift:
            self.action_scroll_time(1)
        else:
            self._scroll_body(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        if event.shift:
            self.action_scroll_time(-1)
        else:
            self._scroll_body(-3)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        event.stop()
        self.action_scroll_time(1)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        event.stop()
        self.action_scroll_time(-1)

    def _scroll_body(self, lines: int) -> None:
        most = max(0, len(self.rows) - self.body_rows)
        self.top = max(0, min(most, self.top + lines))
        if not self.top <= self.cursor < self.top + self.body_rows:
            self.cursor = max(self.top, min(self.cursor, self.top + self.body_rows - 1))
            self._focus_changed(follow=False)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        self.focus()
        if event.y < HEADER_ROWS:
            return
        index = self.top + event.y - HEADER_ROWS
        if index < len(self.rows):
            self.cursor = index
            self._focus_changed(follow=False)
            if event.chain == 2 and isinstance(self.current, ProjectRow):
                self.action_toggle_project()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
