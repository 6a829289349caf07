"""The workload heatmap: people down, weeks across, one focused cell (Line API).

Each cell reads `assigned/capacity` and a band symbol (· free, ○ under,
◐ near, ▲ over, - off), tinted by band so colour is never the only cue.
The header and the total line stay put while the people scroll. Moving past
the first or last week asks the screen to shift the weeks (`Shift`).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from mpm_tui.logic.workload import Band, Who, cell_text, format_days
from mpm_tui.schemas.workload import WorkloadView
from mpm_tui.widgets.board_layout import fit
from mpm_tui.widgets.frame_memo import FrameMemo
from mpm_tui.widgets.workload_layout import (
    TOTAL_TITLE,
    UNSCHEDULED_TITLE,
    Columns,
    Line,
    Widths,
    cell_label,
    full_width,
    lines_of,
    measure,
    plan_columns,
)

Part = tuple[str, str]


def _nav(keys: str, action: str, description: str, tooltip: str, name: str) -> Binding:
    return Binding(keys, action, description, show=False, id=f"workload.{name}", tooltip=tooltip)


class WorkloadGrid(FrameMemo, can_focus=True):
    """People down, weeks across; the focused cell is the one the side panel explains."""

    DEFAULT_CSS = """
    WorkloadGrid {
        height: auto;
        background: $background;
        & > .workload--header { text-style: bold; }
        & > .workload--this-week { color: $text-warning; text-style: bold reverse; }
        & > .workload--group { color: $text-muted; text-style: bold; }
        & > .workload--muted { color: $text-muted; }
        & > .workload--total { background: $panel; text-style: bold; }
        & > .workload--cursor-row { background: $primary-muted; }
        & > .workload--cursor { background: $block-cursor-blurred-background; }
        &:focus > .workload--cursor { background: $block-cursor-background;
                                      color: $block-cursor-foreground; text-style: bold; }
        & > .workload--free { color: $text-muted; }
        & > .workload--off { color: $text-disabled; }
        & > .workload--under { color: $text-success; }
        & > .workload--near { background: $warning-muted; color: $text-warning; }
        & > .workload--over { background: $error-muted; color: $text-error; text-style: bold; }
        & > .workload--flag { color: $text-error; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "workload--header",
        "workload--this-week",
        "workload--group",
        "workload--muted",
        "workload--total",
        "workload--cursor-row",
        "workload--cursor",
        "workload--free",
        "workload--off",
        "workload--under",
        "workload--near",
        "workload--over",
        "workload--flag",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        _nav("j,down", "row(1)", "Down", "The next person", "down"),
        _nav("k,up", "row(-1)", "Up", "The person above", "up"),
        _nav("home", "row(-1000000)", "First", "The first person", "first_row"),
        _nav("end", "row(1000000)", "Last", "The last row (unassigned work)", "last_row"),
        _nav("pagedown", "page(1)", "Page down", "A screenful of people down", "page_down"),
        _nav("pageup", "page(-1)", "Page up", "A screenful of people up", "page_up"),
        _nav("h,left", "week(-1)", "Week before", "The week before", "earlier"),
        _nav("l,right", "week(1)", "Week after", "The week after", "later"),
    ]

    class Highlighted(Message):
        """The focused cell changed (or its numbers did)."""

        def __init__(self, grid: WorkloadGrid, who: Who, week: int, line: Line | None) -> None:
            super().__init__()
            self.grid = grid
            self.who = who
            self.week = week
            self.line = line

        @property
        def control(self) -> WorkloadGrid:
            return self.grid

    class Shift(Message):
        """Moving past the first or last week: show the weeks `by` weeks later."""

        def __init__(self, grid: WorkloadGrid, by: int) -> None:
            super().__init__()
            self.grid = grid
            self.by = by

        @property
        def control(self) -> WorkloadGrid:
            return self.grid

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.view: WorkloadView | None = None
        self.lines: list[Line] = []
        self.cursor = 0  # index into lines (never a group heading)
        self.week = 0  # index into the view's weeks
        self.first_week = 0  # first visible week
        self.top = 0  # first visible body line
        self._columns: tuple[int, Columns] | None = None
        self.widths = Widths(0, 0, 0, 0)

    # ------------------------------------------------------------------ state

    def show(self, view: WorkloadView, *, who: Who | str = "keep", week: int | None = None) -> None:
        """Draw `view`; keep the focused person (or focus `who`) and week."""
        keep = self.current_who if who == "keep" else who
        height = len(self.lines) if self.view is not None else -1
        self.view = view
        self.lines = lines_of(view)
        self.widths = measure(view)
        self._columns = None
        rows = self.selectable
        target = next((i for i in rows if self.lines[i].who == keep), None)
        if target is None:
            target = rows[min(self._row_number(), len(rows) - 1)] if rows else 0
        self.cursor = target
        count = len(view.weeks)
        self.week = max(0, min(count - 1, self.week if week is None else week))
        self._follow()
        self.refresh(layout=len(self.lines) != height)  # the height is the lines'
        self._announce()

    @property
    def selectable(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.kind != "group"]

    @property
    def current(self) -> Line | None:
        if 0 <= self.cursor < len(self.lines) and self.lines[self.cursor].kind != "group":
            return self.lines[self.cursor]
        return None

    @property
    def current_who(self) -> Who | str:
        line = self.current
        return line.who if line is not None else "none"

    def _row_number(self) -> int:
        rows = self.selectable
        return sum(1 for i in rows if i < self.cursor)

    @property
    def columns(self) -> Columns:
        width = self.size.width
        if self._columns is None or self._columns[0] != width:
            self._columns = (width, plan_columns(self.widths, width))
        return self._columns[1]

    def full_width(self) -> int:
        """The width that shows every column of the view shown."""
        return full_width(self.widths)

    @property
    def body_height(self) -> int:
        return max(1, self.size.height - 2)  # header and total lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines) + 2  # with the header and the total lines

    def _follow(self) -> None:
        """Scroll so the cursor's line and week are on screen."""
        height = self.body_height
        if len(self.lines) <= height:
            self.top = 0
        elif self.cursor < self.top:
            self.top = self.cursor
            if self.top and self.lines[self.top - 1].kind == "group":
                self.top -= 1  # show the heading of the first person
        elif self.cursor >= self.top + height:
            self.top = self.cursor - height + 1
        self.top = max(0, min(self.top, max(0, len(self.lines) - height)))
        if self.view is None or not self.size.width:
            return
        visible = self.columns.weeks
        if self.week < self.first_week:
            self.first_week = self.week
        elif self.week >= self.first_week + visible:
            self.first_week = self.week - visible + 1
        self.first_week = max(0, min(self.first_week, len(self.view.weeks) - visible))

    def _announce(self) -> None:
        self.post_message(
            self.Highlighted(
                self, self.current.who if self.current else None, self.week, self.current
            )
        )

    def on_resize(self) -> None:
        self._columns = None
        self._follow()
        self.refresh()

    # ------------------------------------------------------------------ actions

    def action_row(self, by: int) -> None:
        rows = self.selectable
        if not rows:
            return
        index = max(0, min(len(rows) - 1, self._row_number() + by))
        if rows[index] != self.cursor:
            previous, self.cursor = self.cursor, rows[index]
            self._moved(previous)

    def action_page(self, by: int) -> None:
        self.action_row(by * max(1, self.body_height - 1))

    def action_week(self, by: int) -> None:
        if self.view is None:
            return
        target = self.week + by
        if 0 <= target < len(self.view.weeks):
            self.week = target
            self._moved(self.cursor)
        else:
            self.post_message(self.Shift(self, by))

    def _moved(self, previous: int) -> None:
        """Redraw what the move changed: the lines of the old and new cursor,
        or everything when the people or the weeks scrolled."""
        scrolled = (self.top, self.first_week)
        self._follow()
        if (self.top, self.first_week) != scrolled:
            self.refresh()
        else:
            for index in {previous, self.cursor}:
                self.refresh(Region(0, index - self.top + 1, self.size.width, 1))
        self._announce()

    def on_click(self, event: events.Click) -> None:
        self.focus()
        if self.view is None or event.y == 0:
            return
        previous = self.cursor
        index = self.top + event.y - 1
        if index < len(self.lines) and self.lines[index].kind != "group":
            self.cursor = index
        columns = self.columns
        offset = event.x - columns.week_x(0)
        if offset >= 0 and offset // columns.cell < columns.weeks:
            self.week = min(len(self.view.weeks) - 1, self.first_week + offset // columns.cell)
        self._moved(previous)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.action_row(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.action_row(-1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.view is None or not self.lines:
            return Strip.blank(width, self._base())
        if y == 0:
            return self._strip(self._header(), width)
        body_end = min(len(self.lines) - self.top, self.body_height)
        if y == body_end + 1:
            return self._strip(self._total(), width)
        index = self.top + y - 1
        if y > body_end or index >= len(self.lines):
            return Strip.blank(width, self._base())
        return self._strip(self._row(index), width)

    def _strip(self, parts: list[Part], width: int) -> Strip:
        segments = [Segment(text, self._look(style)) for text, style in fit(parts, width)]
        return Strip(segments, width)

    def _look(self, name: str) -> Style:
        """The widget's style with a component class over it, once per frame."""
        return self._per_frame(("look", name), lambda: self._base() + self._style(name))

    def _base(self) -> Style:
        return self._per_frame("base", lambda: self.rich_style)

    def _visible_weeks(self) -> range:
        count = len(self.view.weeks) if self.view else 0
        return range(self.first_week, min(count, self.first_week + self.columns.weeks))

    def _header(self) -> list[Part]:
        columns = self.columns
        assert self.view is not None
        parts: list[Part] = [(" Member".ljust(columns.name), "workload--header")]
        parts.append(("WIP".rjust(columns.wip - 1) + " ", "workload--header"))
        this_week = self.today
        for week in self._visible_weeks():
            monday = self.view.weeks[week]
            label = f"{monday:%b} {monday.day}"
            current = monday <= this_week < monday.fromordinal(monday.toordinal() + 7)
            style = "workload--this-week" if current else "workload--header"
            parts += [(" " * (columns.cell - len(label) - 1), ""), (label, style), (" ", "")]
        if columns.total:
            parts.append((TOTAL_TITLE.rjust(columns.total - 1) + " ", "workload--header"))
        if columns.unscheduled:
            title = UNSCHEDULED_TITLE.rjust(columns.unscheduled - 1) + " "
            parts.append((title, "workload--header"))
        return parts

    def _row(self, index: int) -> list[Part]:
        line = self.lines[index]
        columns = self.columns
        assert self.view is not None
        if line.kind == "group":
            return [(f" {line.label}", "workload--group")]
        focused = index == self.cursor
        row_style = "workload--cursor-row" if focused else ""
        parts: list[Part] = [(f"  {line.label}"[: columns.name - 1].ljust(columns.name), row_style)]
        if line.kind == "person" and line.who is not None:
            wip = self.view.wip.get(line.who)
            count = wip.count if wip else 0
            flag = wip.flag if wip else ""
            parts += [
                (f"{count}".rjust(columns.wip - 2), "workload--muted" if not count else ""),
                (flag.ljust(1), "workload--flag"),
                (" ", ""),
            ]
        else:
            parts.append((" " * columns.wip, ""))
        workload = self.view.workload
        has_capacity = line.kind == "person"
        for week in self._visible_weeks():
            cell = workload.cell(line.who, week)
            label = cell_label(cell, capacity=has_capacity)
            band = cell.band if has_capacity else (Band.UNDER if cell.tasks else Band.FREE)
            style = f"workload--{band.value}"
            if focused and week == self.week:
                style = "workload--cursor"
            parts += [(" ", ""), (label.rjust(columns.cell - 2), style), (" ", "")]
        if columns.total:
            total = workload.person_total(line.who)
            label = cell_label(total, capacity=has_capacity)
            parts.append((label.rjust(columns.total - 1) + " ", "workload--muted"))
        if columns.unscheduled:
            days = workload.unscheduled_days(line.who)
            label = format_days(days) if days else ""
            parts.append((label.rjust(columns.unscheduled - 1) + " ", "workload--muted"))
        return parts

    def _total(self) -> list[Part]:
        columns = self.columns
        assert self.view is not None
        workload = self.view.workload
        parts: list[Part] = [(" Total".ljust(columns.name + columns.wip), "workload--total")]
        for week in self._visible_weeks():
            total = workload.week_total(week)
            # Without room for every symbol, none: the numbers go first.
            label = cell_label(total) if self.widths.week_total_symbols else cell_text(total)
            parts.append((" " + label.rjust(columns.cell - 2) + " ", "workload--total"))
        if columns.total:
            label = cell_label(workload.grand_total())
            parts.append((label.rjust(columns.total - 1) + " ", "workload--total"))
        if columns.unscheduled:
            days = sum(workload.unscheduled_days(who) for who in self.view.rows())
            label = format_days(days) if days else ""
            parts.append((label.rjust(columns.unscheduled - 1) + " ", "workload--total"))
        width = self.size.width
        used = sum(len(text) for text, _ in parts)
        if used < width:
            parts.append((" " * (width - used), "workload--total"))
        return parts
