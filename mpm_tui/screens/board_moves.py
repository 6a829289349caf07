"""Moving cards on the board: one move, a move at once (shift+←/→), undo and redo.

A mixin of `BoardScreen`: every move goes through `tasks.move_task`, which
enforces the rules; this keeps the history that `u`/`ctrl+y` replay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual.binding import Binding, BindingType

from mpm_tui.schemas.views import BoardView, ColumnTimes, ColumnView, MoveCheck, TaskView
from mpm_tui.screens.choice_dialog import ChoiceDialog
from mpm_tui.screens.quick_resume import QuickResume
from mpm_tui.services import board_rules, members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, NotFound, VersionConflict
from mpm_tui.widgets.board_canvas import BoardCanvas


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


class BoardMoves(QuickResume[None]):
    """Moves, shift-moves and their history; `BoardScreen` provides the rest."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # New and delete are BoardScreen's; declared first here so the footer
        # (base classes' keys first) reads: carry, open, new, undo, find…
        Binding("n", "new_card", "New", id="board.new", tooltip="New card in this column"),
        Binding(
            "d",
            "delete_card",
            "Delete",
            show=False,
            id="board.delete",
            tooltip="Delete the card (asks first)",
        ),
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
        Binding("u,ctrl+z", "undo", "Undo", id="board.undo", tooltip="Undo the last move"),
        Binding(
            "ctrl+y", "redo", "Redo", show=False, id="board.redo", tooltip="Redo the move you undid"
        ),
    ]

    ctx: ServiceContext
    board: BoardView | None
    undo_stack: list[MoveRecord]
    redo_stack: list[MoveRecord]

    @property
    def canvas(self) -> BoardCanvas:
        return self.query_one(BoardCanvas)

    def load(self, focus_task: int | None = None) -> None:
        raise NotImplementedError  # BoardScreen reads and draws the board

    def patch(self, card: TaskView | None = None, *, removed: int | None = None) -> None:
        raise NotImplementedError  # BoardScreen shows one changed card

    def redraw(self, focus_task: int | None = None) -> None:
        raise NotImplementedError  # BoardScreen draws the board it holds

    def check_drop(self, task: TaskView, column: ColumnView) -> MoveCheck:
        """Would the service accept `task` in `column`? Asked before every drop."""
        return board_rules.check_move(
            self.ctx, task.id, column.id
        )  # refusals come back, not raised

    def move(
        self,
        task: TaskView,
        column_id: int,
        position: int,
        *,
        reviewer: str | None = None,
        record: bool = True,
    ) -> bool:
        """Move through the service; on refusal say why and redraw unchanged.

        The move carries the version the board read: a card someone else changed
        meanwhile is refused ("changed by … — reloaded") and shown as it is now.
        """
        try:
            moved = tasks.move_task(
                self.ctx,
                task.id,
                column_id,
                position,
                expected_version=task.version,
                reviewer=reviewer,
            )
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
        self.patch(moved)
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
        check = self.check_drop(task, column)
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
        self.patch(moved)

    def action_undo(self) -> None:
        self._replay(self.undo_stack, self.redo_stack, undo=True)

    def action_redo(self) -> None:
        self._replay(self.redo_stack, self.undo_stack, undo=False)
