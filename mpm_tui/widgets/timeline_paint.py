"""How the timeline canvas draws itself: date header, labels and bars (Line API).

A base class of `TimelineCanvas`, apart so that the widget file keeps the
interaction. Only the rows on screen are drawn, and of each row only the
cells of the visible dates; styles and the per-cell backdrop (weekends,
holidays, today) are worked out once per frame.
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip

from mpm_tui.widgets.board_layout import fit
from mpm_tui.widgets.frame_memo import FrameMemo
from mpm_tui.widgets.timeline_layout import (
    DAY_CELLS,
    Axis,
    MilestoneRow,
    ProjectRow,
    Row,
    TaskRow,
    Zoom,
)

HEADER_ROWS = 2
Cell = tuple[str, str, str]
"""(character, background style name, foreground style name)."""


def label_width(width: int) -> int:
    """The task-name column: a third of the screen, 16 to 34 cells."""
    return max(16, min(34, width // 3))


class TimelinePaint(FrameMemo):
    """Drawing of the timeline; the state is set by `TimelineCanvas`."""

    rows: list[Row]
    cursor: int
    top: int
    axis: Axis
    today: date
    holidays: frozenset[date]
    related: dict[int, str]
    """Task ids linked to the focused row: "pred" (it waits for them) or "succ"."""
    _row_cache: dict[tuple[object, ...], Strip]
    """Drawn rows by index and look; emptied whenever the rows change."""

    # ------------------------------------------------------------------ geometry

    @property
    def label_width(self) -> int:
        return label_width(self.size.width)

    @property
    def chart_width(self) -> int:
        return max(1, self.size.width - self.label_width - 1)

    @property
    def body_rows(self) -> int:
        return max(1, self.size.height - HEADER_ROWS)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.axis.width != self.chart_width:
            self.axis = self.axis.resized(self.chart_width)
        return super().render_lines(crop)

    # ------------------------------------------------------------------ styles

    def _combined(self, background: str, foreground: str) -> Style:
        return self._per_frame(
            ("pair", background, foreground),
            lambda: self.rich_style + self._style(background) + self._style(foreground),
        )

    def _strip(self, cells: list[Cell]) -> list[Segment]:
        """Runs of cells in the same style become one segment each."""
        segments: list[Segment] = []
        text: list[str] = []
        style: tuple[str, str] | None = None
        for char, background, foreground in cells:
            if style != (background, foreground):
                if text and style is not None:
                    segments.append(Segment("".join(text), self._combined(*style)))
                style, text = (background, foreground), []
            text.append(char)
        if text and style is not None:
            segments.append(Segment("".join(text), self._combined(*style)))
        return segments

    # ------------------------------------------------------------------ backdrop

    def _backdrop(self) -> list[str]:
        """Each chart cell's background: weekends and holidays shaded."""
        return self._per_frame("backdrop", self._compute_backdrop)

    def _compute_backdrop(self) -> list[str]:
        axis = self.axis
        if axis.zoom is Zoom.MONTH:
            return [""] * axis.width
        shaded = []
        for x in range(axis.width):
            day = axis.span(x)[0]
            off = day.weekday() >= 5 or day in self.holidays
            shaded.append("timeline--weekend" if off else "")
        return shaded

    def _today_x(self) -> int | None:
        x = self.axis.x_of(self.today) + (1 if self.axis.zoom is Zoom.DAY else 0)
        return x if 0 <= x < self.axis.width else None

    def _blank_chart(self, row_background: str = "") -> list[Cell]:
        cells: list[Cell] = [(" ", row_background or bg, "") for bg in self._backdrop()]
        today = self._today_x()
        if today is not None:
            cells[today] = ("│", cells[today][1], "timeline--today")
        return cells

    # ------------------------------------------------------------------ lines

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y < HEADER_ROWS:
            label = self._header_label(y)
            chart = self._header_chart(y)
        else:
            index = self.top + y - HEADER_ROWS
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            row = self.rows[index]
            # A row looks the same until the axis, the focus or its links change:
            # moving the focus redraws two rows (and the links), not the screen.
            key = (
                index,
                index == self.cursor,
                self._link(row),
                self.axis,
                self.has_focus,
                width,
                self.today,
                self._per_frame("base", lambda: self.rich_style),
            )
            cached = self._row_cache.get(key)
            if cached is None:
                if len(self._row_cache) > 5_000:
                    self._row_cache.clear()
                cached = self._row_strip(row, index, width)
                self._row_cache[key] = cached
            return cached
        rule = [Segment("│", self._combined("", "timeline--rule"))]
        return Strip([*label, *rule, *self._strip(chart)], width)

    def _row_strip(self, row: Row, index: int, width: int) -> Strip:
        rule = [Segment("│", self._combined("", "timeline--rule"))]
        chart = self._strip(self._chart(row, index))
        return Strip([*self._label(row, index), *rule, *chart], width)

    # header

    def _header_label(self, y: int) -> list[Segment]:
        axis = self.axis
        if y == 0:
            text = f" {axis.zoom.value.capitalize()} view"
        else:
            first, last = axis.first_day, axis.last_day
            text = f" {first:%b} {first.day} – {last:%b} {last.day} {last.year}"
        style = "timeline--header" if y == 0 else "timeline--meta"
        return self._label_segments([(text, style)], "")

    def _header_chart(self, y: int) -> list[Cell]:
        axis = self.axis
        backdrop = self._backdrop()
        cells: list[Cell] = [(" ", backdrop[x], "timeline--header") for x in range(axis.width)]
        labels = self._month_labels() if y == 0 else self._day_labels()
        for x, text, style in labels:
            for offset, char in enumerate(text):
                if 0 <= x + offset < axis.width:
                    cells[x + offset] = (char, cells[x + offset][1], style)
        today = self._today_x()
        if y == 1 and today is not None:
            char = cells[today][0]
            cells[today] = ("▼" if char == " " else char, "", "timeline--today-header")
        return cells

    def _month_labels(self) -> list[tuple[int, str, str]]:
        """Month names (years in the month zoom) where each begins, never overlapping."""
        axis = self.axis
        marks: list[tuple[int, str, str]] = []
        for x in range(axis.width):
            first, last = axis.span(x)
            if axis.zoom is Zoom.MONTH:
                if x == 0 or first.year != last.year or (first.month == 1 and first.day == 1):
                    marks.append((x, str(last.year if x else first.year), "timeline--header"))
            elif x == 0 or (first.day == 1 and (axis.zoom is Zoom.WEEK or x % DAY_CELLS == 0)):
                marks.append((x, f"{first:%b} {first.year}", "timeline--header"))
        return _no_overlap(marks, axis.width)

    def _day_labels(self) -> list[tuple[int, str, str]]:
        axis = self.axis
        labels: list[tuple[int, str, str]] = []
        for x in range(axis.width):
            first, last = axis.span(x)
            if axis.zoom is Zoom.DAY:
                if x % DAY_CELLS == 0:
                    off = first.weekday() >= 5 or first in self.holidays
                    style = "timeline--meta" if off else "timeline--header"
                    labels.append((x, f"{first.day:>2}", style))
            elif axis.zoom is Zoom.WEEK:
                if first.weekday() == 0:
                    labels.append((x, str(first.day), "timeline--header"))
            elif first.month != last.month or first.day == 1 or x == 0:
                month = last if first.month != last.month else first
                labels.append((x, f"{month:%b}", "timeline--header"))
        return _no_overlap(labels, axis.width)

    # rows

    def _label_segments(self, parts: list[tuple[str, str]], background: str) -> list[Segment]:
        base = self._combined(background, "")
        return [
            Segment(text, base + self._style(style) if style else base)
            for text, style in fit(parts, self.label_width)
        ]

    def _label(self, row: Row, index: int) -> list[Segment]:
        focused = index == self.cursor
        background = (
            ("timeline--cursor" if self.has_focus else "timeline--cursor-blurred")
            if focused
            else "timeline--project"
            if isinstance(row, ProjectRow)
            else ""
        )
        if isinstance(row, ProjectRow):
            arrow = "▸" if row.collapsed else "▾"
            parts = [
                (f"{arrow} ", "timeline--meta"),
                ("⚠ " if row.risks else "", "timeline--risk"),
                (row.name, "timeline--project-name"),
                (f"  {row.tasks}", "timeline--meta"),
            ]
            return self._label_segments(parts, background)
        link = {"pred": "←", "succ": "→"}.get(self._link(row), " ")
        if isinstance(row, TaskRow):
            mark = (
                ("✓", "timeline--done")
                if row.task.done
                else ("●", "timeline--critical")
                if row.timing.critical
                else (" ", "")
            )
            title_style = "timeline--done" if row.task.done else ""
            parts = [
                (f" {link}", "timeline--link"),
                ("⚠" if row.risks else " ", "timeline--risk"),
                mark,
                (" ", ""),
                (row.task.title, title_style),
            ]
        else:
            milestone = row.milestone
            parts = [
                (f" {link}", "timeline--link"),
                ("⚠" if row.risks else " ", "timeline--risk"),
                ("✓" if milestone.reached else " ", "timeline--done"),
                (" ◆ ", "timeline--milestone"),
                (milestone.name, "timeline--milestone-name"),
            ]
        return self._label_segments(parts, background)

    def _link(self, row: Row) -> str:
        """ "pred" when the focused row waits for `row`, "succ" when `row` waits for it."""
        if isinstance(row, TaskRow):
            return self.related.get(row.task.id, "")
        if isinstance(row, MilestoneRow) and 0 <= self.cursor < len(self.rows):
            focused = self.rows[self.cursor]
            if isinstance(focused, TaskRow) and focused.task.id in row.milestone.after:
                return "succ"
        return ""

    def _chart(self, row: Row, index: int) -> list[Cell]:
        focused = index == self.cursor
        tint = (
            "timeline--cursor-row"
            if focused
            else "timeline--related-row"
            if self._link(row)
            else ""
        )
        cells = self._blank_chart(tint)
        axis = self.axis
        if isinstance(row, ProjectRow):
            if row.start is not None and row.end is not None:
                self._paint(cells, row.start, row.end, "━", "timeline--project-span")
            if row.project is not None and row.project.end is not None:
                late = row.end is not None and row.end > row.project.end
                self._mark(
                    cells, row.project.end, "⚑", "timeline--risk" if late else "timeline--meta"
                )
            return cells
        if isinstance(row, MilestoneRow):
            milestone = row.milestone
            if row.finish is not None and row.finish > milestone.date and not milestone.reached:
                self._paint(cells, milestone.date, row.finish, "┄", "timeline--risk")
                self._mark(cells, row.finish, "◇", "timeline--risk")
            style = (
                "timeline--done"
                if milestone.reached
                else "timeline--risk"
                if row.risks
                else "timeline--milestone"
            )
            self._mark(cells, milestone.date, "◆", style)
            if milestone.date < axis.first_day:
                cells[0] = ("◀", cells[0][1], style)
            elif milestone.date > axis.last_day:
                cells[-1] = ("▶", cells[-1][1], style)
            return cells
        task, timing = row.task, row.timing
        if focused and not task.done and timing.latest_finish > row.end:
            after = min(timing.latest_finish, axis.last_day)
            if after > row.end:
                self._paint(cells, row.end, after, "┄", "timeline--slack", skip_first=True)
        style = self._bar_style(row)
        full = "█" if row.planned else "░"
        self._paint(cells, row.start, row.end, full, style, weekend="─")
        if row.end < axis.first_day:
            cells[0] = ("◀", cells[0][1], style)
        elif row.start > axis.last_day:
            cells[-1] = ("▶", cells[-1][1], style)
        return cells

    def _bar_style(self, row: TaskRow) -> str:
        if row.task.done:
            return "timeline--bar-done"
        if row.timing.critical:
            return "timeline--bar-critical"
        if row.risks:
            return "timeline--bar-risk"
        return "timeline--bar"

    def _paint(
        self,
        cells: list[Cell],
        start: date,
        end: date,
        char: str,
        style: str,
        *,
        weekend: str | None = None,
        skip_first: bool = False,
    ) -> None:
        """Fill the cells from start to end (clipped to the chart)."""
        axis = self.axis
        first, last = axis.cells(start, end)
        if skip_first:
            first = axis.cells(start, start)[1] + 1
        backdrop = self._backdrop()
        for x in range(max(0, first), min(axis.width - 1, last) + 1):
            shown = char
            if weekend is not None and backdrop[x]:
                shown = weekend
            cells[x] = (shown, cells[x][1], style)

    def _mark(self, cells: list[Cell], day: date, char: str, style: str) -> None:
        x = self.axis.x_of(day) + (1 if self.axis.zoom is Zoom.DAY else 0)
        if 0 <= x < len(cells):
            cells[x] = (char, cells[x][1], style)


def _no_overlap(marks: list[tuple[int, str, str]], width: int) -> list[tuple[int, str, str]]:
    """Labels placed left to right, shortened or dropped where the next one begins."""
    placed: list[tuple[int, str, str]] = []
    for n, (x, text, style) in enumerate(marks):
        room = (marks[n + 1][0] if n + 1 < len(marks) else width) - x - 1
        if placed and x <= placed[-1][0] + len(placed[-1][1]):
            continue
        if len(text) > room:
            # "Nov 2026" can lose its year; a day number is dropped, not cut.
            text = text.split(" ")[0] if " " in text else ""
            text = text if len(text) <= room else ""
        if text:
            placed.append((x, text, style))
    return placed
