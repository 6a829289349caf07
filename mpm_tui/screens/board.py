"""The board: pick cards up and carry them between status columns, under WIP limits.

The columns and cards are one `BoardCanvas` (line-rendered, so 10,000 cards
cost what is on screen). This screen turns the canvas's requests into service
calls — every move goes through `tasks.move_task`, which enforces the rules —
and keeps the undo/redo history, the filters, swimlanes and board choice.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, Input, Static

from mpm_tui.logic.board_filter import BoardFilter, apply_filter, swimlanes
from mpm_tui.logic.board_patch import with_card, without_card
from mpm_tui.schemas.views import BoardView, ColumnView, TaskView
from mpm_tui.screens.board_moves import MoveRecord
from mpm_tui.screens.board_options import BoardOptions
from mpm_tui.screens.quiet_gc import QuietCollector
from mpm_tui.services import activity, board_rules, boards, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.widgets.board_canvas import BoardCanvas
from mpm_tui.widgets.board_layout import LaneLayout
from mpm_tui.widgets.footer import Footer

EMPTY_WORKSPACE = (
    "This workspace has no board yet.\n\n"
    "Create one from the command line:\n\n"
    "    mpm board add NAME\n\n"
    "or look around a sample workspace first:\n\n"
    "    mpm --demo"
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a move is written and drawn.

    The cards below a moved one are copied (thousands on a big board) and the
    service makes many small objects: the collector would walk them again and
    again while they are made. What is left is frozen with the rest when the
    redraw ends (`QuietCollector.hold`) and collected once the keys rest.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class BoardScreen(BoardOptions):
    TITLE = "Board"
    CSS_PATH = "board.tcss"
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"pick", "drop", "new_card", "delete_card", "shift", "undo", "redo", "limit"}
    )
    """Actions that write: dimmed in the footer of a read-only session (they say why)."""
    LIVE_NOTES: ClassVar[frozenset[str]] = frozenset({"task", "column", "board"})
    """What a note about someone else's change may be about (screens/live.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "project",
            "Project",
            show=False,
            id="board.project",
            tooltip="Open the focused card's project: goals, budget, plan, retrospective",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            show=False,
            id="board.reload",
            tooltip="Reload the board from the database",
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
        self.quiet_gc = QuietCollector(self)
        self.seen_change = 0
        self.behind = False
        """Someone else wrote while a card was held (`refresh_live`): the next patch
        reads the whole board instead."""
        self._filter_text: str | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="filter-bar", markup=False)
        yield Input(id="search", placeholder="find cards: words in title, project, owner…")
        yield BoardCanvas(
            today=self.ctx.today(),
            now=self.ctx.now(),
            stuck_after=self.stuck_after,
            check_drop=self.check_drop,
            id="canvas",
        )
        yield Static(Content(EMPTY_WORKSPACE), id="empty-board", markup=False)
        yield Static(id="card-detail", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        canvas = self.query_one(BoardCanvas)
        canvas.read_only_reason = board_rules.move_refusal(self.ctx) or None
        self.load()
        canvas.focus()

    def load(self, focus_task: int | None = None) -> None:
        """Read the board (a constant number of queries) and redraw it."""
        self.seen_change = activity.latest_change()
        self.behind = False
        self.board = boards.board_view(self.board_id)
        self.redraw(focus_task)

    def on_screen_resume(self) -> None:
        """Back from another screen: read again if anything changed meanwhile
        (dates shifted on the timeline, a card edited elsewhere)."""
        if self.is_mounted and activity.latest_change() != self.seen_change:
            self.load(focus_task=self.canvas.current_task_id)

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read the board again, the cursor kept on
        its card (wherever it went) — but not while a card is held: then when it is
        put down (or on the next tick, if the carry is cancelled)."""
        if not self.is_mounted:
            return
        if self.canvas.carry is not None:
            self.behind = True
            return
        self.load(focus_task=self.canvas.current_task_id)

    def patch(self, card: TaskView | None = None, *, removed: int | None = None) -> None:
        """Show one changed card (or one deleted) without reading the whole board."""
        if self.board is None:
            return
        if self.behind:  # others wrote while a card was held: read it all
            self.load(card.id if card is not None else self.canvas.current_task_id)
            return
        self.seen_change = activity.latest_change()  # our own write: nothing to re-read
        with collector_paused():
            if removed is not None:
                self.board = without_card(self.board, removed)
            if card is not None:
                self.board = with_card(self.board, card)
            self.redraw(card.id if card is not None else None)

    def redraw(self, focus_task: int | None = None) -> None:
        """Draw `self.board` as it is, through the filter and swimlanes."""
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
        self.quiet_gc.hold()

    def on_key(self, event: events.Key) -> None:
        self.quiet_gc.key()

    def _update_filter_bar(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        parts = []
        if self.filter.is_active:
            parts.append(f"Filter: {self.filter.describe()}  (f: change · F: clear)")
        if self.lanes_by:
            parts.append(f"Swimlanes by {self.lanes_by}  (s: change)")
        text = "   ".join(parts)
        if text != self._filter_text:  # an update lays the whole screen out again
            self._filter_text = text
            bar.update(Content(text))
            bar.display = bool(parts)

    # ------------------------------------------------------------------ canvas events

    @on(BoardCanvas.Highlighted)
    def _highlighted(self, event: BoardCanvas.Highlighted) -> None:
        if self.canvas.carry is None:  # while carrying, the carry status stays
            self._describe(event.task, event.column)

    def _describe(self, task: TaskView | None, column: ColumnView | None) -> None:
        """The status line under the board: everything about the focused card."""
        detail = self.query_one("#card-detail", Static)
        if task is None:
            detail.update(Content(f"{column.name}: no cards" if column else ""), layout=False)
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
        detail.update(Content.assemble(*parts), layout=False)  # one line, whatever it says

    @on(BoardCanvas.CarryChanged)
    def _carry_changed(self, event: BoardCanvas.CarryChanged) -> None:
        carry = event.carry
        # On the detail line only: a class on the screen restyles every widget on it
        # (the footer's keys too), which cost most of a drop's frame.
        self.query_one("#card-detail", Static).set_class(carry is not None, "-carrying")
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
            ),
            layout=False,
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
        with collector_paused():
            self.move(task, column.id, event.position)

    @on(BoardCanvas.OpenRequested)
    def _open(self, event: BoardCanvas.OpenRequested) -> None:
        self.open_card(event.task.id)

    # ------------------------------------------------------------------ other actions

    def open_card(self, task_id: int) -> None:
        from mpm_tui.screens.card_detail import CardDetailScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.patch(tasks.get_task(task_id))

        self.app.push_screen(CardDetailScreen(self.ctx, task_id), closed)

    def action_new_card(self) -> None:
        from mpm_tui.screens.card_dialogs import NewCardDialog

        column = self.canvas.current_column
        if column is None or self.board is None:
            return

        def created(task_id: int | None) -> None:
            if task_id is not None:
                self.patch(tasks.get_task(task_id))

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
            self.patch(removed=task.id)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete “{task.title}”?", "Its checklist, comments and attachments go too."
            ),
            confirmed,
        )

    def action_reload(self) -> None:
        self.load(focus_task=self.canvas.current_task_id)

    @property
    def read_only(self) -> str:
        """Why this session cannot move cards ("" when it can)."""
        return board_rules.move_refusal(self.ctx)

    def action_project(self) -> None:
        task = self.canvas.current_task
        if task is None or task.project is None:
            self.notify("This card belongs to no project", timeout=3)
            return
        self.app.open_project(task.project)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without a board only switching and reloading make sense; with a card
        held, only the keys that carry it (the footer then shows just those)."""
        if self.board is None and action not in {"switch_board", "reload"}:
            return None
        return not (self.is_mounted and self.canvas.carry is not None)
