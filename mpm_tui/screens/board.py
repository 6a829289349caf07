"""The board: pick cards up and carry them between status columns, under WIP limits.

The columns and cards are one `BoardCanvas` (line-rendered, so 10,000 cards
cost what is on screen). This screen turns the canvas's requests into service
calls — every move goes through `tasks.move_task`, which enforces the rules —
and keeps the undo/redo history, the filters, swimlanes and board choice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from mpm_tui.logic.board_filter import BoardFilter, apply_filter, filter_options, swimlanes
from mpm_tui.schemas.views import BoardView, ColumnTimes, ColumnView, MoveCheck, TaskView
from mpm_tui.screens.choice_dialog import ChoiceDialog, InputDialog
from mpm_tui.services import boards, members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, NotFound, VersionConflict
from mpm_tui.widgets.board_canvas import BoardCanvas
from mpm_tui.widgets.board_layout import LaneLayout

EMPTY_WORKSPACE = (
    "This workspace has no board yet.\n\n"
    "Create one from the command line:\n\n"
    "    mpm board add NAME\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)
LANE_MODES: tuple[str | None, ...] = (None, "project", "owner")


@dataclass(frozen=True)
class MoveRecord:
    """One done move, enough to undo it (and redo it)."""

    task_id: int
    title: str
    from_column: int
    from_position: int
    from_times: ColumnTimes
    to_column: int
    to_position: int
    to_times: ColumnTimes
    version: int
    """The card's version after the move (or its replay): a change by anyone
    else since then makes the undo refuse instead of overwriting it."""


class BoardScreen(Screen[None]):
    TITLE = "Board"
    CSS_PATH = "board.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "shift+left,H",
            "shift(-1)",
            "Move ←",
            show=False,
            id="board.shift_left",
            tooltip="Move the card one column left at once (same rules as a drop)",
        ),
        Binding(
            "shift+right,L",
            "shift(1)",
            "Move →",
            show=False,
            id="board.shift_right",
            tooltip="Move the card one column right at once (same rules as a drop)",
        ),
        Binding("n", "new_card", "New", id="board.new", tooltip="New card in this column"),
        Binding(
            "d",
            "delete_card",
            "Delete",
            show=False,
            id="board.delete",
            tooltip="Delete the card (asks first)",
        ),
        Binding("u,ctrl+z", "undo", "Undo", id="board.undo", tooltip="Undo the last move"),
        Binding(
            "ctrl+y", "redo", "Redo", show=False, id="board.redo", tooltip="Redo the move you undid"
        ),
        Binding(
            "slash",
            "search",
            "Find",
            id="board.search",
            tooltip="Show only cards whose text matches",
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            id="board.filter",
            tooltip="Filter by project, owner, channel, mine or blocked",
        ),
        Binding(
            "m",
            "toggle_mine",
            "Mine",
            show=False,
            id="board.mine",
            tooltip="Only my cards (owner or reviewer)",
        ),
        Binding(
            "x",
            "toggle_blocked",
            "Blocked",
            show=False,
            id="board.blocked",
            tooltip="Only blocked cards",
        ),
        Binding(
            "s",
            "swimlanes",
            "Lanes",
            show=False,
            id="board.lanes",
            tooltip="Swimlanes: none → by project → by owner",
        ),
        Binding(
            "b", "switch_board", "Boards", id="board.switch", tooltip="Switch to another board"
        ),
        Binding(
            "w",
            "wip_limit",
            "WIP",
            show=False,
            id="board.wip",
            tooltip="Set the focused column's WIP limit",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            show=False,
            id="board.reload",
            tooltip="Reload the board from the database",
        ),
        Binding(
            "F",
            "clear_filter",
            "Clear filter",
            show=False,
            id="board.clear_filter",
            tooltip="Show every card again",
        ),
        Binding(
            "escape",
            "close_search",
            "Close search",
            show=False,
            id="board.close_search",
            tooltip="Clear the search and go back to the board",
        ),
    ]

    def __init__(self, ctx: ServiceContext, *, stuck_after: int = 5) -> None:
        super().__init__()
        self.ctx = ctx
        self.stuck_after = stuck_after
        self.board_id: int | None = None
        self.board: BoardView | None = None
        self.filter = BoardFilter()
        self.lanes_by: str | None = None
        self.undo_stack: list[MoveRecord] = []
        self.redo_stack: list[MoveRecord] = []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="filter-bar", markup=False)
        yield Input(id="search", placeholder="find cards: words in title, project, owner…")
        yield BoardCanvas(
            today=self.ctx.today(),
            now=self.ctx.now(),
            stuck_after=self.stuck_after,
            check_drop=self._check_drop,
            id="canvas",
        )
        yield Static(Content(EMPTY_WORKSPACE), id="empty-board", markup=False)
        yield Static(id="card-detail", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        canvas = self.query_one(BoardCanvas)
        if self.ctx.actor.role.value == "viewer":
            canvas.read_only_reason = (
                f"{self.ctx.actor.name} is a viewer"
                + (f" ({self.ctx.actor.note})" if self.ctx.actor.note else "")
                + ": cards cannot be moved in this session"
            )
        self.load()
        canvas.focus()

    @property
    def canvas(self) -> BoardCanvas:
        return self.query_one(BoardCanvas)

    def load(self, focus_task: int | None = None) -> None:
        """Read the board (a constant number of queries) and redraw it."""
        self.board = boards.board_view(self.board_id)
        has_board = self.board is not None
        self.query_one("#empty-board").display = not has_board
        self.canvas.display = has_board
        self.query_one("#card-detail").display = has_board
        if self.board is None:
            return
        self.board_id = self.board.id
        self.title = f"Board · {self.board.name}"
        shown = apply_filter(self.board, self.filter) if self.filter.is_active else self.board
        lanes = None
        if self.lanes_by is not None:
            lanes = [
                LaneLayout(lane.title, [list(cards) for cards in lane.columns])
                for lane in swimlanes(shown, self.lanes_by)  # type: ignore[arg-type]
            ]
        self.canvas.today, self.canvas.now = self.ctx.today(), self.ctx.now()
        self.canvas.show(shown, lanes, focus_task)
        self._update_filter_bar()

    def _update_filter_bar(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        parts = []
        if self.filter.is_active:
            parts.append(f"Filter: {self.filter.describe()}  (f: change · F: clear)")
        if self.lanes_by:
            parts.append(f"Swimlanes by {self.lanes_by}  (s: change)")
        bar.update(Content("   ".join(parts)))
        bar.display = bool(parts)

    # ------------------------------------------------------------------ canvas events

    def _check_drop(self, task: TaskView, column: ColumnView) -> MoveCheck:
        try:
            return tasks.check_move(self.ctx, task.id, column.id)
        except MpmError as exc:
            return MoveCheck(False, str(exc))

    @on(BoardCanvas.Highlighted)
    def _highlighted(self, event: BoardCanvas.Highlighted) -> None:
        if self.canvas.carry is None:  # while carrying, the carry status stays
            self._describe(event.task, event.column)

    def _describe(self, task: TaskView | None, column: ColumnView | None) -> None:
        """The status line under the board: everything about the focused card."""
        detail = self.query_one("#card-detail", Static)
        if task is None:
            detail.update(Content(f"{column.name}: no cards" if column else ""))
            return
        days = task.days_in_column(self.ctx.now())
        parts: list[str | tuple[str, str]] = [
            (f"#{task.id} ", "bold"),
            task.title,
            f" — {task.column} {days} day{'' if days == 1 else 's'}",
            f" · {task.priority.value} priority",
        ]
        if task.estimate_days is not None:
            parts.append(f" · {task.estimate_days:g}d")
            if task.estimate_days > 3:
                parts.append((" ⚠ break it down", "bold"))
        if task.reviewer:
            parts.append(f" · reviewer {task.reviewer}")
        if task.blocked:
            parts.append((f" · ⊘ blocked: {task.blocked_reason or 'no reason given'}", "bold"))
        detail.update(Content.assemble(*parts))

    @on(BoardCanvas.CarryChanged)
    def _carry_changed(self, event: BoardCanvas.CarryChanged) -> None:
        carry = event.carry
        self.set_class(carry is not None, "-carrying")
        if carry is None:
            self._describe(self.canvas.current_task, self.canvas.current_column)
            return
        column = self.canvas.columns[carry.col]
        check = self.canvas.drop_check()
        verdict: tuple[str, str]
        if check is None or check.allowed:
            verdict = ("✓ can drop", "bold")
        else:
            verdict = (f"✗ {check.reason}", "bold")
        # Target and verdict first: on a narrow terminal the title is what gets cut.
        self.query_one("#card-detail", Static).update(
            Content.assemble(
                (f"Carrying → {column.name} slot {carry.idx + 1}: ", "bold"),
                verdict,
                " · ",
                carry.task.title,
            )
        )

    @on(BoardCanvas.DropRefused)
    def _refused(self, event: BoardCanvas.DropRefused) -> None:
        self.notify(event.reason, title="Not moved", severity="error", markup=False)

    @on(BoardCanvas.MoveRequested)
    def _move_requested(self, event: BoardCanvas.MoveRequested) -> None:
        task, column = event.task, event.column
        if event.check.needs_reviewer and not task.reviewer:
            self._ask_reviewer(task, column, event.position)
            return
        self.move(task, column.id, event.position)

    @on(BoardCanvas.OpenRequested)
    def _open(self, event: BoardCanvas.OpenRequested) -> None:
        self.open_card(event.task.id)

    # ------------------------------------------------------------------ moves

    def move(
        self,
        task: TaskView,
        column_id: int,
        position: int,
        *,
        reviewer: str | None = None,
        record: bool = True,
    ) -> bool:
        """Move through the service; on refusal say why and redraw unchanged."""
        try:
            moved = tasks.move_task(self.ctx, task.id, column_id, position, reviewer=reviewer)
        except MpmError as exc:
            self.notify(str(exc), title="Not moved", severity="error", markup=False)
            self.load(focus_task=task.id)
            return False
        if record:
            self.undo_stack.append(
                MoveRecord(
                    task.id,
                    task.title,
                    task.column_id,
                    task.position,
                    ColumnTimes(task.entered_column_at, task.completed_at),
                    moved.column_id,
                    moved.position,
                    ColumnTimes(moved.entered_column_at, moved.completed_at),
                    moved.version,
                )
            )
            self.redo_stack.clear()
        self.load(focus_task=task.id)
        return True

    def _ask_reviewer(self, task: TaskView, column: ColumnView, position: int) -> None:
        people = [
            (f"{m.name}" + (f" · {m.organisation}" if m.is_external else ""), m.name)
            for m in members.list_members()
            if m.role.value != "viewer"
        ]

        def chosen(name: str | None) -> None:
            if name is None:
                self.notify(
                    f"{task.title!r} stays in {task.column}: no reviewer chosen", markup=False
                )
                self.load(focus_task=task.id)
            else:
                self.move(task, column.id, position, reviewer=name)

        self.app.push_screen(
            ChoiceDialog(f"Who signs off “{task.title}” in {column.name}?", people), chosen
        )

    def action_shift(self, step: int) -> None:
        canvas = self.canvas
        task, board = canvas.current_task, self.board
        if task is None or board is None or canvas.carry is not None:
            return
        index = next(i for i, c in enumerate(board.columns) if c.id == task.column_id)
        target = index + step
        if not 0 <= target < len(board.columns):
            return
        column = board.columns[target]
        check = self._check_drop(task, column)
        if not check.allowed:
            self.notify(check.reason, title="Not moved", severity="error", markup=False)
            return
        if check.needs_reviewer and not task.reviewer:
            self._ask_reviewer(task, column, column.count)
            return
        self.move(task, column.id, min(task.position, column.count))

    def _replay(self, source: list[MoveRecord], target: list[MoveRecord], undo: bool) -> None:
        if not source:
            self.notify("Nothing to " + ("undo" if undo else "redo"), timeout=2)
            return
        record = source[-1]
        column, position, times = (
            (record.from_column, record.from_position, record.from_times)
            if undo
            else (record.to_column, record.to_position, record.to_times)
        )
        try:
            moved = tasks.move_task(
                self.ctx,
                record.task_id,
                column,
                position,
                expected_version=record.version,
                restore=times,
            )
        except MpmError as exc:
            if isinstance(exc, (VersionConflict, NotFound)):
                source.pop()  # the card moved on without us: this step is gone
                self.load(focus_task=record.task_id)
            self.notify(
                str(exc),
                title="Cannot " + ("undo" if undo else "redo"),
                severity="error",
                markup=False,
            )
            return
        target.append(replace(source.pop(), version=moved.version))
        self.notify(
            ("Undid" if undo else "Redid") + f" the move of {record.title!r}",
            timeout=2,
            markup=False,
        )
        self.load(focus_task=record.task_id)

    def action_undo(self) -> None:
        self._replay(self.undo_stack, self.redo_stack, undo=True)

    def action_redo(self) -> None:
        self._replay(self.redo_stack, self.undo_stack, undo=False)

    # ------------------------------------------------------------------ other actions

    def open_card(self, task_id: int) -> None:
        from mpm_tui.screens.card_detail import CardDetailScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.load(focus_task=task_id)

        self.app.push_screen(CardDetailScreen(self.ctx, task_id), closed)

    def action_new_card(self) -> None:
        from mpm_tui.screens.card_dialogs import NewCardDialog

        column = self.canvas.current_column
        if column is None or self.board is None:
            return

        def created(task_id: int | None) -> None:
            if task_id is not None:
                self.load(focus_task=task_id)

        self.app.push_screen(NewCardDialog(self.ctx, self.board.name, column.name), created)

    def action_delete_card(self) -> None:
        from mpm_tui.screens.card_dialogs import ConfirmDialog

        task = self.canvas.current_task
        if task is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                tasks.delete_task(self.ctx, task.id)
            except MpmError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", markup=False)
                return
            self.undo_stack = [r for r in self.undo_stack if r.task_id != task.id]
            self.redo_stack = [r for r in self.redo_stack if r.task_id != task.id]
            self.notify(f"Deleted {task.title!r}", timeout=3, markup=False)
            self.load()

        self.app.push_screen(
            ConfirmDialog(
                f"Delete “{task.title}”?", "Its checklist, comments and attachments go too."
            ),
            confirmed,
        )

    def action_wip_limit(self) -> None:
        column, board = self.canvas.current_column, self.board
        if column is None or board is None:
            return

        def validate(text: str) -> str | None:
            value = text.strip().lower()
            if value in {"", "none", "-"}:
                return None
            if not value.isdigit() or not 1 <= int(value) <= 999:
                return "a whole number from 1 to 999, or none"
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            value = text.strip().lower()
            limit = None if value in {"", "none", "-"} else int(value)
            try:
                boards.set_wip_limit(self.ctx, board.name, column.name, limit)
            except MpmError as exc:
                self.notify(str(exc), title="Limit not changed", severity="error", markup=False)
                return
            self.load(focus_task=getattr(self.canvas.current_task, "id", None))

        self.app.push_screen(
            InputDialog(
                f"WIP limit of {column.name} (now {column.wip_limit or 'none'}, "
                f"{column.count} cards)",
                value=str(column.wip_limit or ""),
                placeholder="a number, or none",
                validate=validate,
            ),
            done,
        )

    def action_switch_board(self) -> None:
        found = boards.list_boards()
        current = next((i for i, b in enumerate(found) if b.id == self.board_id), 0)

        def chosen(board_id: int | None) -> None:
            if board_id is not None and board_id != self.board_id:
                self.board_id = board_id
                self.undo_stack.clear()
                self.redo_stack.clear()
                self.load()

        self.app.push_screen(
            ChoiceDialog(
                "Switch board",
                [(f"{b.name} ({b.task_count} cards)", b.id) for b in found],
                selected=current,
            ),
            chosen,
        )

    def action_swimlanes(self) -> None:
        self.lanes_by = LANE_MODES[(LANE_MODES.index(self.lanes_by) + 1) % len(LANE_MODES)]
        self.load(focus_task=getattr(self.canvas.current_task, "id", None))

    def _set_filter(self, new: BoardFilter) -> None:
        self.filter = new
        self.load(focus_task=getattr(self.canvas.current_task, "id", None))

    def action_toggle_mine(self) -> None:
        me = None if self.filter.mine else self.ctx.actor.name
        self._set_filter(replace(self.filter, mine=me))

    def action_toggle_blocked(self) -> None:
        self._set_filter(replace(self.filter, blocked_only=not self.filter.blocked_only))

    def action_clear_filter(self) -> None:
        self.query_one("#search", Input).value = ""
        self._set_filter(BoardFilter())

    def action_filter(self) -> None:
        if self.board is None:
            return
        options = filter_options(self.board)
        menu: list[tuple[str, str]] = [
            (f"Project: {p}", f"project:{p}") for p in options["projects"]
        ]
        menu += [(f"Owner: {o}", f"owner:{o}") for o in options["owners"]]
        menu += [(f"Channel: {c}", f"channel:{c}") for c in options["channels"]]
        menu = [
            ("Only mine", "mine:"),
            ("Only blocked", "blocked:"),
            ("Clear all filters", "clear:"),
            *menu,
        ]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            kind, _, name = value.partition(":")
            if kind == "clear":
                self.action_clear_filter()
            elif kind == "mine":
                self.action_toggle_mine()
            elif kind == "blocked":
                self.action_toggle_blocked()
            else:
                self._set_filter(replace(self.filter, **{kind: name}))

        self.app.push_screen(ChoiceDialog("Filter the board", menu), chosen)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_filter(replace(self.filter, text=event.value))

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.input.display = bool(event.value)
        self.canvas.focus()

    def action_close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.canvas.focus()

    def action_reload(self) -> None:
        self.load(focus_task=getattr(self.canvas.current_task, "id", None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without a board only switching and reloading make sense; with a card
        held, only the keys that carry it (the footer then shows just those)."""
        if self.board is None and action not in {"switch_board", "reload"}:
            return None
        return not (self.is_mounted and self.canvas.carry is not None)
