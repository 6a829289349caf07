"""What the board shows: which board, which cards (filters, search), swimlanes,
and the column limits set from it. A mixin of `BoardScreen`."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input

from mpm_tui.logic.board_filter import BoardFilter, filter_options
from mpm_tui.schemas.views import BoardView, ColumnView
from mpm_tui.screens.board_moves import BoardMoves
from mpm_tui.screens.choice_dialog import ChoiceDialog, InputDialog
from mpm_tui.services import boards
from mpm_tui.services.errors import MpmError

LANE_MODES: tuple[str | None, ...] = (None, "project", "owner")


def _typed_limit(text: str, field: boards.LimitField) -> int | None:
    """The limit typed in the dialog (empty: none), checked as the service will."""
    limit = boards.parse_limit(text or "none")
    boards.check_limit(limit, field)
    return limit


class BoardOptions(BoardMoves):
    """Board switcher, filters, search, swimlanes and limits."""

    BINDINGS: ClassVar[list[BindingType]] = [
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
            "F",
            "clear_filter",
            "Clear filter",
            show=False,
            id="board.clear_filter",
            tooltip="Show every card again",
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
            "limit('wip_limit')",
            "WIP",
            show=False,
            id="board.wip",
            tooltip="Set the focused column's WIP limit (admins)",
        ),
        Binding(
            "W",
            "limit('person_limit')",
            "Per person",
            show=False,
            id="board.person_limit",
            tooltip="Set how many cards one person may hold in the focused column (admins)",
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

    board_id: int | None
    filter: BoardFilter
    lanes_by: str | None

    def action_limit(self, kind: boards.LimitField) -> None:
        """Ask for the focused column's WIP (or per-person) limit and set it."""
        column, board = self.canvas.current_column, self.board
        if column is None or board is None:
            return
        if refusal := boards.limit_refusal(self.ctx):
            self.notify(refusal, title="Limit not changed", severity="warning", markup=False)
            return
        current = column.wip_limit if kind == "wip_limit" else column.person_limit
        if kind == "wip_limit":
            title = f"WIP limit of {column.name} (now {current or 'none'}, {column.count} cards)"
        else:
            title = f"Cards one person may hold in {column.name} (now {current or 'none'})"

        def validate(text: str) -> str | None:
            try:
                _typed_limit(text, kind)
            except MpmError as exc:
                return str(exc)
            return None

        def done(text: str | None) -> None:
            if text is not None:
                self._set_limit(board, column, kind, _typed_limit(text, kind))

        self.app.push_screen(
            InputDialog(
                title,
                value=str(current or ""),
                placeholder="a number, or none",
                validate=validate,
            ),
            done,
        )

    def _set_limit(
        self, board: BoardView, column: ColumnView, kind: boards.LimitField, limit: int | None
    ) -> None:
        setter = boards.set_wip_limit if kind == "wip_limit" else boards.set_person_limit
        try:
            setter(self.ctx, board.name, column.name, limit)
        except MpmError as exc:
            self.notify(str(exc), title="Limit not changed", severity="error", markup=False)
            return
        label = boards.LIMIT_LABELS[kind]
        what = label[0].upper() + label[1:]
        self.notify(f"{what} of {column.name}: {limit or 'none'}", timeout=3, markup=False)
        self.load(focus_task=self.canvas.current_task_id)

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
        self.redraw(focus_task=self.canvas.current_task_id)

    def _set_filter(self, new: BoardFilter) -> None:
        self.filter = new
        self.redraw(focus_task=self.canvas.current_task_id)

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
