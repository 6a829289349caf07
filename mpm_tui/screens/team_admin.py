"""Team and boards: admins manage members, boards, columns and limits.

Two tabs, each one `DataTable` (no widget per row):

- **Members** — name, login handle, role, weekly capacity, open cards, active or
  not. `a` adds a member (name, then role), `r` changes the role, `e` the name,
  handle or capacity, `d` deactivates (their history and open cards stay) or
  reactivates (`team_admin_members.py`).
- **Boards & columns** — each board, then its columns in order with their WIP
  and per-person limits and cards (see `team_admin_boards.py` for `n` `r` `[`
  `]` `x` `l`).

Everyone can open it (command palette, "Team and boards") and look. For anyone
but an admin the footer dims the changing keys and says "read-only", the line
under the table says why, and a changing key says it again. Every change goes
through a small dialog and a service (`team_admin`, `columns`, `boards`), which
enforce the rules; a refusal stays on the line under the table (or in the
dialog, for a name). Other screens pick the changes up when shown again (and
live, through `seen_change` / `refresh_live`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from mpm_tui.schemas.views import MemberView
from mpm_tui.screens.team_admin_boards import BoardsActions
from mpm_tui.screens.team_admin_members import MembersActions
from mpm_tui.screens.team_admin_parts import (
    BOARD_ACTIONS,
    BOARD_HEADERS,
    BOARDS_TAB,
    MEMBER_ACTIONS,
    MEMBER_HEADERS,
    MEMBERS_TAB,
    TEAM_BINDINGS,
    board_cells,
    column_cells,
    member_cells,
)
from mpm_tui.services import activity, columns, team_admin
from mpm_tui.services.columns import BoardOutline, ColumnOutline
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.team_admin import MemberRow
from mpm_tui.widgets.footer import Footer


class TeamAdminScreen(MembersActions, BoardsActions):
    """Members, boards and columns; changes are an admin's."""

    TITLE = "Team and boards"
    CSS_PATH = "team_admin.tcss"
    CHANGING_ACTIONS: ClassVar[frozenset[str]] = MEMBER_ACTIONS | BOARD_ACTIONS
    """Dimmed in the footer for anyone but an admin (pressed, they say why)."""
    BINDINGS: ClassVar[list[BindingType]] = TEAM_BINDINGS

    def __init__(self, ctx: ServiceContext, *, tab: str = "members") -> None:
        super().__init__()
        self.ctx = ctx
        self.initial_tab = BOARDS_TAB if tab == "boards" else MEMBERS_TAB
        self.rows: list[MemberRow] = []
        self.outlines: list[BoardOutline] = []
        self.places: list[tuple[BoardOutline, ColumnOutline | None]] = []
        """What each row of the boards table is: a board (column None) or a column."""
        self.seen_change = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="team-tabs", initial=self.initial_tab):
            with TabPane("Members", id=MEMBERS_TAB):
                yield DataTable[Text](id="members-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Boards & columns", id=BOARDS_TAB):
                yield DataTable[Text](id="boards-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="team-message", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.members_table.add_columns(*MEMBER_HEADERS)
        self.boards_table.add_columns(*BOARD_HEADERS)
        self.load()
        if self.read_only:
            self.say(f"Read only: {self.read_only}.")
        else:
            self.say("")
        self.current_table.focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted and activity.latest_change() != self.seen_change:
            self.load()

    def refresh_live(self) -> None:
        """Someone else changed the workspace: read again, the cursors kept."""
        self.load()

    # ------------------------------------------------------------------ data

    @property
    def members_table(self) -> DataTable[Text]:
        return self.query_one("#members-table", DataTable)

    @property
    def boards_table(self) -> DataTable[Text]:
        return self.query_one("#boards-table", DataTable)

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or MEMBERS_TAB

    @property
    def current_table(self) -> DataTable[Text]:
        return self.boards_table if self.tab == BOARDS_TAB else self.members_table

    def load(self, *, key: str | None = None) -> None:
        """Read members and boards (five queries) and refill both tables, each cursor
        on the row it was on (or on `key`: `m:ID`, `b:ID`, `c:ID`)."""
        self.seen_change = activity.latest_change()
        self.rows = team_admin.member_rows()
        self.outlines = columns.board_outlines()
        self.places = [
            place
            for board in self.outlines
            for place in [(board, None), *((board, column) for column in board.columns)]
        ]
        members_keys = [f"m:{row.member.id}" for row in self.rows]
        self._fill(
            self.members_table,
            [(k, member_cells(row)) for k, row in zip(members_keys, self.rows, strict=True)],
            key if key and key.startswith("m:") else None,
        )
        self._fill(
            self.boards_table,
            [
                (
                    self._place_key(board, column),
                    board_cells(board) if column is None else column_cells(column),
                )
                for board, column in self.places
            ],
            key if key and not key.startswith("m:") else None,
        )
        self.refresh_bindings()

    @staticmethod
    def _place_key(board: BoardOutline, column: ColumnOutline | None) -> str:
        return f"b:{board.id}" if column is None else f"c:{column.id}"

    @staticmethod
    def _fill(
        table: DataTable[Text], rows: list[tuple[str, tuple[Text, ...]]], key: str | None
    ) -> None:
        row = table.cursor_row
        if key is None and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        for row_key, cells in rows:
            table.add_row(*cells, key=row_key)
        keys = [row_key for row_key, _ in rows]
        if keys:
            row = keys.index(key) if key in keys else min(max(row, 0), len(keys) - 1)
            table.move_cursor(row=row, animate=False)

    @property
    def member(self) -> MemberView | None:
        """The highlighted member."""
        if not self.rows or not self.is_mounted:
            return None
        row = self.members_table.cursor_row
        return self.rows[row].member if 0 <= row < len(self.rows) else None

    @property
    def highlighted_place(self) -> tuple[BoardOutline, ColumnOutline | None] | None:
        """The highlighted board (column None) or column, with its board."""
        if not self.places or not self.is_mounted:
            return None
        row = self.boards_table.cursor_row
        return self.places[row] if 0 <= row < len(self.places) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each tab's keys only on that tab; `d` says deactivate or reactivate as fits
        the highlighted member; the key of the tab shown is hidden."""
        if not self.is_mounted:
            return True
        tab = self.tab
        if action == "tab":
            return parameters[0] != ("boards" if tab == BOARDS_TAB else "members")
        if action in MEMBER_ACTIONS:
            if tab != MEMBERS_TAB:
                return False
            member = self.member
            if action == "deactivate":
                return member is None or member.active
            if action == "reactivate":
                return member is not None and not member.active
            return True
        if action in BOARD_ACTIONS:
            return tab == BOARDS_TAB
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.current_table.focus()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#members-table")
    def _member_highlighted(self) -> None:
        self.refresh_bindings()

    # ------------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = BOARDS_TAB if name == "boards" else MEMBERS_TAB

    def action_cursor(self, step: int) -> None:
        table = self.current_table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))
