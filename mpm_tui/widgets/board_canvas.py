"""The board canvas: every column and card of a board in one line-rendered widget.

One widget draws the whole board through the Line API (`render_line`), so a
board of 10,000 cards costs what is on screen, not one widget per card. It
owns the interaction — the cursor, a picked-up card carried across columns,
mouse drag and drop — and asks its screen, through messages, to make moves.
Whether a drop is allowed is asked of the services (`check_drop`) before the
drop, and shown in the target column's header.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from mpm_tui.schemas.views import BoardView, ColumnView, MoveCheck, TaskView
from mpm_tui.widgets.board_layout import (
    Carry,
    LaneLayout,
    drop_position,
)
from mpm_tui.widgets.board_paint import BoardPaint, Painted


class BoardCanvas(BoardPaint, can_focus=True):
    """Columns side by side; cards three lines high (two on small terminals)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board--column-name",
        "board--meta",
        "board--title",
        "board--alert",
        "board--warn",
        "board--tag",
        "board--card",
        "board--cursor",
        "board--cursor-blurred",
        "board--carried",
        "board--header-full",
        "board--header-over",
        "board--drop-ok",
        "board--drop-refused",
        "board--lane",
        "board--rule",
        "board--empty",
    }
    DEFAULT_CSS = """
    BoardCanvas {
        height: 1fr;
        background: $background;
        & > .board--column-name { text-style: bold; }
        & > .board--meta { color: $text-muted; }
        & > .board--title { }
        & > .board--alert { color: $text-error; text-style: bold; }
        & > .board--warn { color: $text-warning; text-style: bold; }
        & > .board--tag { color: $text-accent; }
        & > .board--card { background: $surface; }
        & > .board--cursor { background: $block-cursor-blurred-background; }
        &:focus > .board--cursor { background: $block-cursor-background;
                                   color: $block-cursor-foreground; }
        & > .board--carried { background: $warning-muted; text-style: bold; }
        & > .board--header-full { color: $text-warning; text-style: bold; }
        & > .board--header-over { color: $text-error; text-style: bold reverse; }
        & > .board--drop-ok { color: $text-success; text-style: bold; }
        & > .board--drop-refused { color: $text-error; text-style: bold; }
        & > .board--lane { background: $panel; text-style: bold; }
        & > .board--rule { color: $border-blurred; }
        & > .board--empty { color: $text-disabled; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "h,left",
            "column(-1)",
            "Left",
            show=False,
            id="board.left",
            tooltip="Focus (or carry the card to) the column on the left",
        ),
        Binding(
            "l,right",
            "column(1)",
            "Right",
            show=False,
            id="board.right",
            tooltip="Focus (or carry the card to) the column on the right",
        ),
        Binding(
            "k,up",
            "card(-1)",
            "Up",
            show=False,
            id="board.up",
            tooltip="The card above (while carrying: move it up)",
        ),
        Binding(
            "j,down",
            "card(1)",
            "Down",
            show=False,
            id="board.down",
            tooltip="The card below (while carrying: move it down)",
        ),
        Binding(
            "g,home",
            "card(-100000)",
            "First",
            show=False,
            id="board.first",
            tooltip="The first card of the column",
        ),
        Binding(
            "G,end",
            "card(100000)",
            "Last",
            show=False,
            id="board.last",
            tooltip="The last card of the column",
        ),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            show=False,
            id="board.page_up",
            tooltip="A screenful of cards up",
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="board.page_down",
            tooltip="A screenful of cards down",
        ),
        Binding(
            "space",
            "pick",
            "Carry",
            id="board.pick",
            tooltip="Pick the card up; move it with the arrows; space or enter puts it down",
        ),
        Binding(
            "space",
            "drop",
            "Put down",
            id="board.drop",
            tooltip="Put the carried card down here (refused with a message if not allowed)",
        ),
        Binding(
            "enter",
            "open",
            "Open",
            id="board.open",
            tooltip="Open the card to edit it",
        ),
        Binding(
            "enter",
            "drop",
            "Put down",
            show=False,
            id="board.drop_enter",
            tooltip="Put the carried card down here",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="board.cancel",
            tooltip="Put the carried card back where it was",
        ),
    ]

    class Highlighted(Message):
        """The cursor is on another card (or an empty column)."""

        def __init__(
            self, canvas: BoardCanvas, task: TaskView | None, column: ColumnView | None
        ) -> None:
            super().__init__()
            self.canvas = canvas
            self.task = task
            self.column = column

        @property
        def control(self) -> BoardCanvas:
            return self.canvas

    class MoveRequested(Message):
        """Drop `task` into `column` at `position` (column-wide slot, 0 = top)."""

        def __init__(
            self,
            canvas: BoardCanvas,
            task: TaskView,
            column: ColumnView,
            position: int,
            check: MoveCheck,
        ) -> None:
            super().__init__()
            self.canvas = canvas
            self.task = task
            self.column = column
            self.position = position
            self.check = check

        @property
        def control(self) -> BoardCanvas:
            return self.canvas

    class DropRefused(Message):
        """A drop the rules refuse; the card went back where it was."""

        def __init__(self, canvas: BoardCanvas, reason: str) -> None:
            super().__init__()
            self.canvas = canvas
            self.reason = reason

    class OpenRequested(Message):
        """Open the card's detail."""

        def __init__(self, canvas: BoardCanvas, task: TaskView) -> None:
            super().__init__()
            self.canvas = canvas
            self.task = task

    class CarryChanged(Message):
        """A card was picked up, moved while held, or put down / cancelled."""

        def __init__(self, canvas: BoardCanvas, carry: Carry | None) -> None:
            super().__init__()
            self.canvas = canvas
            self.carry = carry

    def __init__(
        self,
        *,
        today: date,
        now: datetime,
        stuck_after: int,
        check_drop: Callable[[TaskView, ColumnView], MoveCheck],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.today = today
        self.now = now
        self.stuck_after = stuck_after
        self.check_drop = check_drop
        self.columns: list[ColumnView] = []
        self.lanes: list[LaneLayout] = [LaneLayout(None)]
        self.cursor = (0, 0, 0)  # column, lane, card index within the lane
        self.carry: Carry | None = None
        self.read_only_reason: str | None = None
        """Set when this session cannot move cards: picking up says why instead."""
        self._checks: dict[int, MoveCheck] = {}
        self._col_offset: list[int] = []  # per column, in cards (no swimlanes)
        self._lane_scroll = 0  # in rows (swimlanes)
        self._first_col = 0
        self._press: tuple[int, int, int] | None = None
        self._cache: dict[tuple, tuple[TaskView, list[Segment]]] = {}
        self._drawn_for: tuple[date, int] | None = None
        """The day and stuck threshold the cached card lines were drawn for."""
        self._footer_carrying = False
        """Per-frame values while `render_lines` runs (None outside a frame)."""

    # ------------------------------------------------------------------ data

    def show(
        self, board: BoardView, lanes: list[LaneLayout] | None = None, focus_task: int | None = None
    ) -> None:
        """Draw `board` (with swimlanes if given), keeping the cursor on `focus_task`
        or, failing that, at the same column and row."""
        before: Painted | None = self.painted()
        self.columns = list(board.columns)
        self.lanes = lanes or [LaneLayout(None, [list(c.cards) for c in board.columns])]
        if len(self._col_offset) != len(self.columns):
            self._col_offset = [0] * len(self.columns)
        was_carrying = self.carry is not None
        self.carry = None
        self._checks.clear()
        if self._drawn_for != (self.today, self.stuck_after):
            self._drawn_for = (self.today, self.stuck_after)
            self._cache.clear()  # overdue marks and dates read differently on another day
            before = None  # so every card is drawn again
        if was_carrying:
            self._carry_changed()
        col, lane, idx = self.cursor
        if focus_task is not None and (found := self._find(focus_task)) is not None:
            col, lane, idx = found
        self.cursor = self._clamp(col, lane, idx)
        self._scroll_to_cursor()
        if before is None:
            self.refresh()
        else:
            self.repaint_changes(before)
        self._announce()

    def _find(self, task_id: int) -> tuple[int, int, int] | None:
        """Where the card is, looking in the cursor's column first (where a card
        just put down is)."""
        first = self.cursor[0]
        for lane_index, lane in enumerate(self.lanes):
            order = sorted(range(len(lane.columns)), key=lambda col: col != first)
            for col in order:
                for idx, card in enumerate(lane.columns[col]):
                    if card.id == task_id:
                        return col, lane_index, idx
        return None

    def _clamp(self, col: int, lane: int, idx: int) -> tuple[int, int, int]:
        if not self.columns:
            return (0, 0, 0)
        col = max(0, min(col, len(self.columns) - 1))
        lane = max(0, min(lane, len(self.lanes) - 1))
        size = len(self.cards_at(col, lane))
        return col, lane, max(0, min(idx, size - 1)) if size else 0

    @property
    def current_task(self) -> TaskView | None:
        col, lane, idx = self.cursor
        if not self.columns:
            return None
        cards = self.cards_at(col, lane)
        return cards[idx] if idx < len(cards) else None

    @property
    def current_task_id(self) -> int | None:
        task = self.current_task
        return task.id if task is not None else None

    @property
    def current_column(self) -> ColumnView | None:
        return self.columns[self.cursor[0]] if self.columns else None

    # ------------------------------------------------------------------ actions

    def _announce(self) -> None:
        self.post_message(self.Highlighted(self, self.current_task, self.current_column))

    def _moved(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def action_column(self, step: int) -> None:
        if not self.columns:
            return
        col, lane, idx = self.cursor
        target = max(0, min(len(self.columns) - 1, col + step))
        if self.carry is not None:
            self.carry.col = target
            self.carry.idx = max(0, min(idx, self._slot_limit(target, lane)))
            self.cursor = (target, lane, self.carry.idx)
            self._carry_changed()
        else:
            self.cursor = self._clamp(target, lane, idx)
        self._moved()

    def _slot_limit(self, col: int, lane: int) -> int:
        """The last slot a carried card can take in a column: after its other cards."""
        others = len(self.lanes[lane].columns[col])
        if self.carry is not None and col == self.carry.origin_col:
            others -= 1
        return others

    def action_card(self, step: int) -> None:
        if not self.columns:
            return
        col, lane, idx = self.cursor
        if self.carry is not None:
            size = len(self.cards_at(col, lane))
            self.carry.idx = max(0, min(size - 1, idx + step))
            self.cursor = (col, lane, self.carry.idx)
            self._carry_changed()
        elif self.swimlanes and not 0 <= idx + step < len(self.cards_at(col, lane)):
            # Past the end of a lane: continue in the next (or previous) lane.
            lane_step = 1 if step > 0 else -1
            target = lane + lane_step
            while 0 <= target < len(self.lanes) and not self.cards_at(col, target):
                target += lane_step
            if 0 <= target < len(self.lanes) and abs(step) == 1:
                size = len(self.cards_at(col, target))
                self.cursor = (col, target, 0 if step > 0 else size - 1)
            else:
                self.cursor = self._clamp(col, lane, idx + step)
        else:
            self.cursor = self._clamp(col, lane, idx + step)
        self._moved()

    def action_page(self, direction: int) -> None:
        self.action_card(direction * max(1, self._body_rows() // self.card_height))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """space/enter/escape mean one thing with a card held and another without."""
        if action in {"drop", "cancel"}:
            return self.carry is not None
        if action in {"pick", "open"}:
            return self.carry is None
        return True

    def action_pick(self) -> None:
        self.pick_up()

    def action_drop(self) -> None:
        if self.carry is not None:
            self.drop()

    def action_open(self) -> None:
        if (task := self.current_task) is not None:
            self.post_message(self.OpenRequested(self, task))

    def action_cancel(self) -> None:
        if self.carry is None:
            return
        carry = self.carry
        self.carry = None
        self._checks.clear()
        self.cursor = (carry.origin_col, carry.lane, carry.origin_idx)
        self._carry_changed()
        self._moved()

    def pick_up(self, *, by_mouse: bool = False) -> bool:
        task = self.current_task
        if task is None:
            return False
        if self.read_only_reason:
            self.post_message(self.DropRefused(self, self.read_only_reason))
            return False
        col, lane, idx = self.cursor
        self.carry = Carry(task, lane, col, idx, col, idx, by_mouse=by_mouse)
        self._checks.clear()
        self._carry_changed()
        self.refresh()
        return True

    def _carry_changed(self) -> None:
        self.post_message(self.CarryChanged(self, self.carry))
        carrying = self.carry is not None
        if carrying != self._footer_carrying:
            # space/enter/escape change meaning. Only on pick-up and put-down:
            # the footer rebuilds its keys on every refresh (and Textual 8.2
            # keeps the old ones alive), so never on each carried step.
            self._footer_carrying = carrying
            # After the board's frame: the footer rebuilding its keys (~10 ms) then
            # follows the card being put down instead of delaying it.
            self.call_after_refresh(self.refresh_bindings)

    def drop(self) -> None:
        """Put the carried card down: ask the screen to move it if it moved and the
        rules allow; otherwise it goes back where it was, saying why."""
        carry = self.carry
        if carry is None:
            return
        if not carry.moved:
            self.action_cancel()
            return
        column = self.columns[carry.col]
        check = self.drop_check() or MoveCheck(True)
        if not check.allowed:
            self.action_cancel()
            self.post_message(self.DropRefused(self, check.reason))
            return
        position = drop_position(column, self.lanes[carry.lane], carry.col, carry)
        self.post_message(self.MoveRequested(self, carry.task, column, position, check))

    # ------------------------------------------------------------------ mouse

    def on_mouse_down(self, event: events.MouseDown) -> None:
        spot = self.hit(event.x, event.y)
        if spot is None or self.carry is not None:
            return
        col, lane, idx = spot
        if idx < len(self.cards_at(col, lane)):
            self.cursor = (col, lane, idx)
            self._press = spot
            self.capture_mouse()
            self._moved()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._press is None:
            return
        spot = self.hit(event.x, event.y)
        if spot is None:
            return
        col, _, idx = spot
        if self.carry is None:
            if (col, idx) == (self._press[0], self._press[2]):
                return
            if not self.pick_up(by_mouse=True):
                return
        assert self.carry is not None
        limit = self._slot_limit(col, self.carry.lane)
        self.carry.col, self.carry.idx = col, max(0, min(idx, limit))
        self.cursor = (col, self.carry.lane, self.carry.idx)
        self._carry_changed()
        self._moved()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._press is None:
            return
        self._press = None
        self.release_mouse()
        if self.carry is not None and self.carry.by_mouse:
            self.drop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_wheel(event.x, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_wheel(event.x, -1)

    def _scroll_wheel(self, x: int, step: int) -> None:
        if self.swimlanes:
            total = self._lane_starts()[-1]
            self._lane_scroll = max(
                0, min(self._lane_scroll + step * 3, max(0, total - self._body_rows()))
            )
        else:
            for col, left, width in self._column_spans():
                if left <= x < left + width:
                    size = len(self.cards_at(col, 0))
                    per_page = max(1, self._body_rows() // self.card_height)
                    self._col_offset[col] = max(
                        0, min(self._col_offset[col] + step, max(0, size - per_page))
                    )
        self.refresh()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._cache.clear()
        self._scroll_to_cursor()
