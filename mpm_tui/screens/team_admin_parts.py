"""The parts of the Team and boards screen: its keys, the two tables' columns and
cells, the role choices. User text (names, handles) is never read as markup; a
state is said in words or a symbol, not by colour alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from mpm_tui.schemas.enums import Role
from mpm_tui.services.columns import BoardOutline, ColumnOutline
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from mpm_tui.services.team_admin import MemberRow

ADMIN_WORK = "manage members, boards and columns"

MEMBERS_TAB = "tab-members"
BOARDS_TAB = "tab-boards"

MEMBER_ACTIONS = frozenset({"add_member", "role", "edit_member", "deactivate", "reactivate"})
"""The Members tab's changing keys (hidden on the other tab)."""
BOARD_ACTIONS = frozenset({"new", "rename", "move_column", "remove", "limit"})
"""The Boards & columns tab's changing keys (hidden on the other tab)."""

TEAM_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", id="team.close", tooltip="Back to where you were"),
    Binding("m", "tab('members')", "Members", id="team.members", tooltip="Show the members"),
    Binding(
        "b",
        "tab('boards')",
        "Boards",
        id="team.boards",
        tooltip="Show the boards with their columns, limits and cards",
    ),
    Binding("a", "add_member", "Add", id="team.add_member", tooltip="Add a member: name, role"),
    Binding(
        "n",
        "new",
        "New",
        id="team.new",
        tooltip="A new column after the highlighted one, or a new board",
    ),
    Binding(
        "r",
        "role",
        "Role",
        id="team.role",
        tooltip="Make the highlighted member a viewer, an editor or an admin",
    ),
    Binding(
        "e",
        "edit_member",
        "Edit",
        id="team.edit_member",
        tooltip="Change the highlighted member's name, login handle or weekly capacity",
    ),
    Binding(
        "d",
        "deactivate",
        "Deactivate",
        id="team.deactivate",
        tooltip="Deactivate the highlighted member: history and open cards stay",
    ),
    Binding(
        "d",
        "reactivate",
        "Reactivate",
        id="team.reactivate",
        tooltip="Make the highlighted member active again",
    ),
    Binding(
        "r",
        "rename",
        "Rename",
        id="team.rename",
        tooltip="Rename the highlighted board or column",
    ),
    Binding(
        "left_square_bracket",
        "move_column('left')",
        "←",
        id="team.column_left",
        tooltip="Move the highlighted column one place left",
    ),
    Binding(
        "right_square_bracket",
        "move_column('right')",
        "→",
        id="team.column_right",
        tooltip="Move the highlighted column one place right",
    ),
    Binding(
        "shift+left",
        "move_column('left')",
        "Left",
        show=False,
        id="team.column_left_arrow",
        tooltip="Move the highlighted column one place left",
    ),
    Binding(
        "shift+right",
        "move_column('right')",
        "Right",
        show=False,
        id="team.column_right_arrow",
        tooltip="Move the highlighted column one place right",
    ),
    Binding(
        "x",
        "remove",
        "Remove",
        id="team.remove",
        tooltip="Remove the highlighted column or board (only an empty one)",
    ),
    Binding(
        "l",
        "limit",
        "Limit",
        id="team.limit",
        tooltip="Set the highlighted column's WIP or per-person limit",
    ),
    Binding("j", "cursor(1)", "Down", show=False, id="team.down", tooltip="The next row"),
    Binding("k", "cursor(-1)", "Up", show=False, id="team.up", tooltip="The row above"),
]

NUMBERS = frozenset({"Days/wk", "Open cards", "WIP limit", "Per person", "Cards"})
"""Headers of the columns of numbers: right-aligned, as their numbers are."""


def headers(*names: str) -> tuple[Text, ...]:
    return tuple(Text(name, justify="right" if name in NUMBERS else "left") for name in names)


MEMBER_HEADERS = headers("Name", "Handle", "Role", "Days/wk", "Open cards", "Status")
BOARD_HEADERS = headers("Board / column", "WIP limit", "Per person", "Cards", "Kind")

ROLE_MEANING = {
    Role.VIEWER: "looks, changes nothing",
    Role.EDITOR: "changes cards, projects, plans",
    Role.ADMIN: "also members, boards, columns, limits",
}


def member_cells(row: MemberRow) -> tuple[Text, ...]:
    m = row.member
    name = m.name + (f" ({m.organisation})" if m.is_external and m.organisation else "")
    style = "" if m.active else "dim"
    return (
        Text(name, style=style),
        Text(m.handle or "—", style=style),
        Text(m.role.value, style="bold" if m.role is Role.ADMIN else style),
        Text(f"{m.capacity_days:g}", justify="right", style=style),
        Text(str(row.open_cards), justify="right", style=style),
        Text("active" if m.active else "✗ inactive", style=style),
    )


def board_cells(board: BoardOutline) -> tuple[Text, ...]:
    count = len(board.columns)
    return (
        Text(board.name, style="bold"),
        Text(""),
        Text(""),
        Text(str(board.cards), justify="right", style="bold"),
        Text(f"{count} column{'' if count == 1 else 's'}", style="dim"),
    )


def column_cells(column: ColumnOutline) -> tuple[Text, ...]:
    cards = str(column.cards)
    if column.wip_limit is not None and column.cards > column.wip_limit:
        cards = f"⚠ over {cards}"
    elif column.wip_limit is not None and column.cards == column.wip_limit:
        cards = f"full {cards}"
    kind = "done" if column.is_done else "review" if column.is_review else ""
    return (
        Text(f"  {column.position}. {column.name}"),
        Text("—" if column.wip_limit is None else str(column.wip_limit), justify="right"),
        Text("—" if column.person_limit is None else str(column.person_limit), justify="right"),
        Text(cards, justify="right"),
        Text(kind),
    )


def role_choices(current: Role) -> list[tuple[str, Role]]:
    """The three roles, what each may do, the current one ticked."""
    return [
        (f"{'✓' if role is current else ' '} {role.value} — {ROLE_MEANING[role]}", role)
        for role in Role
    ]


class AdminPanel(Screen[None]):
    """What both tabs' actions share: the session, the message line under the table,
    saying why a non-admin changes nothing, running one change through a service."""

    ctx: ServiceContext

    def load(self, *, key: str | None = None) -> None:
        """Read again and redraw (the screen's)."""
        raise NotImplementedError

    @property
    def read_only(self) -> str:
        """Why this session changes nothing here ("" for an admin)."""
        return self.ctx.refusal(Role.ADMIN, ADMIN_WORK)

    def say(self, text: str, *, error: bool = False) -> None:
        """The message line under the table: what was done, or why not (it stays)."""
        line = self.query_one("#team-message", Static)
        line.set_class(error, "-error")
        line.update(Content(("✗ " if error else "") + text))
        line.display = bool(text)

    def _refused(self, title: str) -> bool:
        """Say why this session may not change anything here (True), or False."""
        if refusal := self.read_only:
            self.say(refusal, error=True)
            self.notify(refusal, title=title, severity="error", markup=False)
            return True
        return False

    def _write(
        self,
        change: Callable[[], Any],
        done: str | Callable[[], str],
        *,
        key: str | Callable[[], str | None] | None = None,
    ) -> None:
        """Run one service change; say what happened (`done`, or what it returns) or
        why not, then read again with the cursor on `key` (or what it returns)."""
        try:
            change()
        except MpmError as exc:
            self.say(str(exc), error=True)
            self.notify(str(exc), title="Not changed", severity="error", markup=False)
            self.load()
            return
        self.say(done if isinstance(done, str) else done())
        self.load(key=key if key is None or isinstance(key, str) else key())
