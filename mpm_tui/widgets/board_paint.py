"""How the board canvas lays out and draws itself: geometry and the Line API.

A base class of `BoardCanvas`, apart so that the widget file keeps the
interaction (keys, carrying, mouse) and this one the picture. Every line is
drawn from the canvas's state; styles, column spans and a column's cards are
worked out once per frame (`render_lines`), not once per line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip

from mpm_tui.schemas.views import ColumnView, MoveCheck, TaskView
from mpm_tui.widgets.board_layout import (
    Carry,
    LaneLayout,
    Part,
    fit,
    header_status,
    lane_cards,
    meta_parts,
    tag_parts,
    title_parts,
)
from mpm_tui.widgets.frame_memo import FrameMemo

HEADER_ROWS = 3
MIN_COLUMN_WIDTH = 18


@dataclass(frozen=True)
class Painted:
    """What the canvas showed before a new board: enough to tell what changed."""

    columns: tuple[ColumnView, ...]
    swimlanes: bool
    cursor_col: int
    carried: tuple[int, ...]  # the carried card's home and target columns
    first_col: int


def same_card(drawn: TaskView, task: TaskView) -> bool:
    """Whether `task` looks as `drawn` did: the same view, or equal but for its slot
    (the cards below a card put down move one slot and nothing else)."""
    if drawn is task:
        return True
    return {**drawn.__dict__, "position": 0} == {**task.__dict__, "position": 0}


class BoardPaint(FrameMemo):
    """Geometry and drawing of the board; the state is set by `BoardCanvas`."""

    today: date
    now: datetime
    stuck_after: int
    check_drop: Callable[[TaskView, ColumnView], MoveCheck]
    columns: list[ColumnView]
    lanes: list[LaneLayout]
    cursor: tuple[int, int, int]
    carry: Carry | None
    _checks: dict[int, MoveCheck]
    _col_offset: list[int]
    _lane_scroll: int
    _first_col: int
    _cache: dict[tuple, tuple[TaskView, list[Segment]]]
    """Drawn card lines, kept across redraws: a card looking the same is not drawn again."""
    _styles_by_name: dict[tuple[str, bool], Style] | None = None
    """Component classes' styles by (name, focused), until the CSS changes."""

    def _style(self, name: str) -> Style:
        """A component class's style ("" for none), worked out once until the CSS
        changes, not once a frame (Textual forgets its own on every refresh)."""
        if not name:
            return Style()
        styles = self._styles_by_name
        if styles is None:
            styles = self._styles_by_name = {}
        key = (name, self.has_focus)  # `:focus` restyles the cursor
        style = styles.get(key)
        if style is None:
            style = styles[key] = self.get_component_rich_style(name, partial=True)
        return style

    def notify_style_update(self) -> None:
        self._styles_by_name = None  # a theme or CSS change: work them out again
        super().notify_style_update()

    @property
    def swimlanes(self) -> bool:
        return self.lanes[0].title is not None

    def cards_at(self, col: int, lane: int) -> list[TaskView]:
        return self._per_frame(
            ("cards", col, lane), lambda: lane_cards(self.lanes[lane], col, self.carry, lane)
        )

    # ------------------------------------------------------------------ geometry

    _frame_card_lines: int | None = None
    """`card_lines` while a frame is drawn: asked for every line, worked out once."""

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_card_lines = 3 if self._body_rows() >= 20 else 2
        try:
            return super().render_lines(crop)
        finally:
            self._frame_card_lines = None

    @property
    def card_lines(self) -> int:
        """Three lines per card (title, meta, tags); two on short terminals."""
        lines = self._frame_card_lines
        if lines is not None:
            return lines
        return 3 if self._body_rows() >= 20 else 2

    @property
    def card_height(self) -> int:
        return self.card_lines + 1

    def _visible_columns(self) -> range:
        count = len(self.columns)
        fits = max(1, min(count, (self.size.width + 1) // (MIN_COLUMN_WIDTH + 1)))
        col = self.cursor[0]
        if col < self._first_col:
            self._first_col = col
        elif col >= self._first_col + fits:
            self._first_col = col - fits + 1
        self._first_col = max(0, min(self._first_col, count - fits))
        return range(self._first_col, self._first_col + fits)

    def _column_spans(self) -> list[tuple[int, int, int]]:
        """(column index, x, width) of each visible column; one cell between columns."""
        return self._per_frame("spans", self._compute_spans)

    def _compute_spans(self) -> list[tuple[int, int, int]]:
        visible = self._visible_columns()
        if not visible:
            return []
        width = self.size.width
        each = (width - (len(visible) - 1)) // len(visible)
        spans = []
        x = 0
        for n, col in enumerate(visible):
            w = each if n < len(visible) - 1 else width - x
            spans.append((col, x, w))
            x += w + 1
        return spans

    def _lane_starts(self) -> list[int]:
        starts, row = [], 0
        for lane in self.lanes:
            starts.append(row)
            row += lane.height(self.card_height)
        starts.append(row)
        return starts

    def _body_rows(self) -> int:
        return max(1, self.size.height - HEADER_ROWS)  # size: a cheap property read

    def _scroll_to_cursor(self) -> None:
        col, lane, idx = self.cursor
        rows = self._body_rows()
        if not self.swimlanes:
            per_page = max(1, rows // self.card_height)
            offset = self._col_offset[col] if col < len(self._col_offset) else 0
            if idx < offset:
                offset = idx
            elif idx >= offset + per_page:
                offset = idx - per_page + 1
            if col < len(self._col_offset):
                self._col_offset[col] = max(0, offset)
            return
        lane_top = self._lane_starts()[lane]
        top = lane_top + (1 if self.lanes[lane].title is not None else 0)
        card_top = top + idx * self.card_height
        card_bottom = card_top + self.card_height
        if card_top < self._lane_scroll or card_bottom > self._lane_scroll + rows:
            # Out of view: bring the lane's title along when the card fits under it.
            fits_under_title = card_bottom - lane_top <= rows
            self._lane_scroll = lane_top if fits_under_title else card_bottom - rows
            if card_top < self._lane_scroll:
                self._lane_scroll = card_top

    def hit(self, x: int, y: int) -> tuple[int, int, int] | None:
        """(column, lane, slot) under a point in the card area; the slot may be one
        past the last card (the end of the column)."""
        if y < HEADER_ROWS:
            return None
        for col, left, width in self._column_spans():
            if left <= x < left + width:
                row = y - HEADER_ROWS
                if not self.swimlanes:
                    return col, 0, self._col_offset[col] + row // self.card_height
                starts = self._lane_starts()
                g = row + self._lane_scroll
                for lane in range(len(self.lanes)):
                    if starts[lane] <= g < starts[lane + 1]:
                        inner = g - starts[lane] - 1
                        return col, lane, max(0, inner // self.card_height)
                return None
        return None

    # ------------------------------------------------------------------ repainting

    def painted(self) -> Painted:
        """What is on screen now, to repaint only what a new board changes."""
        carried = () if self.carry is None else (self.carry.origin_col, self.carry.col)
        return Painted(
            tuple(self.columns), self.swimlanes, self.cursor[0], carried, self._first_col
        )

    def repaint_changes(self, before: Painted) -> None:
        """Repaint the columns that differ from `before` (a card put down changes two),
        or everything when the layout moved: swimlanes, other columns, a sideways scroll.

        A column differs when its view was replaced (`board_patch` keeps the others),
        the cursor or a carried card was or is in it.
        """
        columns = self.columns
        if before.swimlanes or self.swimlanes or len(before.columns) != len(columns):
            self.refresh()
            return
        self._visible_columns()  # the cursor's column into view: it may scroll sideways
        if self._first_col != before.first_col:
            self.refresh()
            return
        changed = {col for col, column in enumerate(columns) if column is not before.columns[col]}
        changed.update((before.cursor_col, self.cursor[0], *before.carried))
        height = self.size.height
        regions = [Region(x, 0, w, height) for col, x, w in self._column_spans() if col in changed]
        if regions:
            self.refresh(*regions)

    # ------------------------------------------------------------------ rendering

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    @property
    def _base(self) -> Style:
        return self._per_frame("base", lambda: self.rich_style)

    def _segments(self, parts: list[Part], width: int, base: Style) -> list[Segment]:
        return [
            Segment(text, base + self._style(style) if style else base)
            for text, style in fit(parts, width)
        ]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self.columns:
            return Strip.blank(width)
        spans = self._column_spans()
        if y >= HEADER_ROWS and self.swimlanes:
            lane_title = self._lane_title_at(y - HEADER_ROWS + self._lane_scroll)
            if lane_title is not None:
                return Strip(
                    self._segments([(f" {lane_title}", "")], width, self._style("board--lane")),
                    width,
                )
        segments: list[Segment] = []
        gap = Segment(" ", self._base)
        for n, (col, _, w) in enumerate(spans):
            if n:
                segments.append(gap)
            segments.extend(self._cell(col, y, w))
        return Strip(segments, width)

    def _lane_title_at(self, row: int) -> str | None:
        starts = self._lane_starts()
        for lane, start in enumerate(starts[:-1]):
            if row == start:
                title = self.lanes[lane].title
                count = sum(len(cards) for cards in self.lanes[lane].columns)
                return f"■ {title} ({count})"
        return None

    def _cell(self, col: int, y: int, width: int) -> list[Segment]:
        base = self._base
        column = self.columns[col]
        if y == 0:
            marks = []
            if col == self._first_col and col > 0:
                marks.append(("◀ ", "board--meta"))
            marks.append((column.name, "board--column-name"))
            if col == self._visible_columns()[-1] and col < len(self.columns) - 1:
                marks.append((" ▶", "board--meta"))
            return self._segments([(" ", ""), *marks], width, base)
        if y == 1:
            return self._segments([(" ", ""), *self._status(col)], width, base)
        if y == 2:
            rule = "━" if col == self.cursor[0] and self.has_focus else "─"
            return self._segments([(rule * width, "board--rule")], width, base)
        row = y - HEADER_ROWS
        if self.swimlanes:
            g = row + self._lane_scroll
            starts = self._lane_starts()
            for lane in range(len(self.lanes)):
                if starts[lane] <= g < starts[lane + 1]:
                    inner = g - starts[lane] - 1
                    return self._card_row(col, lane, inner, width)
            return [Segment(" " * width, base)]
        return self._card_row(col, 0, row + self._col_offset[col] * self.card_height, width)

    def _status(self, col: int) -> list[Part]:
        column = self.columns[col]
        carry = self.carry
        if carry is not None and col == carry.col and col != carry.origin_col:
            check = self._check(col)
            if not check.allowed:
                return [
                    ("✗ ", "board--drop-refused"),
                    (f"refused: {column.wip_label}", "board--drop-refused"),
                ]
            note = " (asks reviewer)" if check.needs_reviewer else ""
            return [
                ("✓ drop here", "board--drop-ok"),
                (f" {column.wip_label}{note}", "board--meta"),
            ]
        return header_status(column)

    def drop_check(self) -> MoveCheck | None:
        """Whether the carried card may be put down where it is held now."""
        carry = self.carry
        if carry is None:
            return None
        return MoveCheck(True) if carry.col == carry.origin_col else self._check(carry.col)

    def _check(self, col: int) -> MoveCheck:
        assert self.carry is not None
        if col not in self._checks:
            self._checks[col] = self.check_drop(self.carry.task, self.columns[col])
        return self._checks[col]

    def _card_row(self, col: int, lane: int, row: int, width: int) -> list[Segment]:
        base = self._base
        cards = self.cards_at(col, lane)
        idx, line = divmod(row, self.card_height)
        if idx >= len(cards) or line >= self.card_lines:
            if idx == 0 and line == 0 and not cards:
                return self._segments([("  (no cards)", "board--empty")], width, base)
            return [Segment(" " * width, base)]
        task = cards[idx]
        carried = self.carry is not None and task.id == self.carry.task.id
        cursor = (col, lane, idx) == self.cursor
        state = "carried" if carried else "cursor" if cursor else "card"
        in_done = self.columns[col].is_done
        days = task.days_in_column(self.now) if line == 1 else 0  # the meta line shows ◷days
        key = (task.id, width, line, self.card_lines, state, self.has_focus, base, in_done, days)
        cached = self._cache.get(key)
        if cached is None or not same_card(cached[0], task):
            if len(self._cache) > 20_000:  # scrolled through a huge board: start again
                self._cache.clear()
            cached = (task, self._render_card_line(task, col, line, width, state))
            self._cache[key] = cached
        return cached[1]

    def _render_card_line(
        self, task: TaskView, col: int, line: int, width: int, state: str
    ) -> list[Segment]:
        base = self._base + self._style(f"board--{state}" if state != "card" else "board--card")
        if state == "carried":
            lead = ("▶ ", "board--warn") if line == 0 else ("  ", "")
        else:
            lead = (" ", "")
        in_done = self.columns[col].is_done
        if line == 0:
            parts = title_parts(task)
        elif line == 1:
            parts = meta_parts(task, self.today, self.now, self.stuck_after, in_done=in_done)
            if self.card_lines == 2 and (tags := tag_parts(task)):
                parts = [*parts, (" ", ""), *tags]
        else:
            parts = tag_parts(task)
        return self._segments([lead, *parts], width, base)
