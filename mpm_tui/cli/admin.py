"""Admin commands: members (`member set|deactivate|reactivate`), boards (`board
rename|remove`) and columns (`column list|add|rename|move|remove`).

The rules are the services' (`services.team_admin`, `services.columns`): admins
only, the last admin kept, unique names, only empty columns and boards removed.
This module is imported by the parser, so it imports the services only when a
command runs: opening the TUI never loads them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mpm_tui.cli.arguments import Parser, format_option

if TYPE_CHECKING:
    from mpm_tui.services.columns import BoardOutline, ColumnOutline
    from mpm_tui.services.context import ServiceContext

ROLES = ("viewer", "editor", "admin")


def member_admin_commands(sub: argparse._SubParsersAction, common: Parser) -> None:
    """`member set|deactivate|reactivate`, and `member list --all`."""
    sub.choices["list"].add_argument(
        "--all", action="store_true", help="deactivated members too (marked inactive)"
    )
    change = sub.add_parser(
        "set", parents=[common], help="change a member's role, handle, name or capacity (admins)"
    )
    change.add_argument("member", metavar="NAME", help="name or handle")
    change.add_argument("--role", choices=ROLES, help="viewer, editor or admin")
    change.add_argument("--handle", help='OS login that maps to the member ("" removes it)')
    change.add_argument("--name", dest="new_name", metavar="NEW", help="a new name")
    change.add_argument("--capacity", metavar="DAYS", help="working days per week, 0 to 7")
    for verb, says in (
        ("deactivate", "keeps their history and open cards; they leave the pickers"),
        ("reactivate", "make a deactivated member active again"),
    ):
        action = sub.add_parser(verb, parents=[common], help=f"{verb} a member: {says} (admins)")
        action.add_argument("member", metavar="NAME", help="name or handle")


def board_admin_commands(sub: argparse._SubParsersAction, common: Parser) -> None:
    """`board rename|remove`."""
    rename = sub.add_parser("rename", parents=[common], help="rename a board (admins)")
    rename.add_argument("board", metavar="OLD")
    rename.add_argument("new_name", metavar="NEW")
    remove = sub.add_parser(
        "remove", parents=[common], help="remove a board without cards (admins)"
    )
    remove.add_argument("board", metavar="NAME")


def column_admin_commands(sub: argparse._SubParsersAction, common: Parser) -> None:
    """`column list|add|rename|move|remove`."""
    listing = sub.add_parser(
        "list", parents=[common], help="columns in order, with their limits and cards"
    )
    listing.add_argument("board", metavar="BOARD", nargs="?", help="only this board")
    format_option(listing)
    add = sub.add_parser("add", parents=[common], help="add a column to a board (admins)")
    add.add_argument("board", metavar="BOARD")
    add.add_argument("column", metavar="NAME")
    add.add_argument(
        "--position",
        metavar="N",
        help="1 = leftmost (default: last, or left of a done column that is last)",
    )
    rename = sub.add_parser("rename", parents=[common], help="rename a column (admins)")
    rename.add_argument("board", metavar="BOARD")
    rename.add_argument("column", metavar="OLD")
    rename.add_argument("new_name", metavar="NEW")
    move = sub.add_parser(
        "move", parents=[common], help="move a column left, right or to a position (admins)"
    )
    move.add_argument("board", metavar="BOARD")
    move.add_argument("column", metavar="NAME")
    move.add_argument("place", metavar="left|right|N", help="N: 1 = leftmost")
    remove = sub.add_parser(
        "remove", parents=[common], help="remove a column without cards (admins)"
    )
    remove.add_argument("board", metavar="BOARD")
    remove.add_argument("column", metavar="NAME")


def _capacity(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        from mpm_tui.services.errors import InvalidInput

        raise InvalidInput(f"--capacity: expected days per week, 0 to 7 (got {text!r})") from None


def _position(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip()
    if not (value.isdecimal() and len(value) <= 6):
        from mpm_tui.services.errors import InvalidInput

        raise InvalidInput(f"--position: expected a whole number from 1 (got {text!r})")
    return int(value)


def cmd_member_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import team_admin

    changes: dict[str, Any] = {
        "role": args.role,
        "handle": args.handle,
        "name": args.new_name,
        "capacity_days": _capacity(args.capacity),
    }
    before = team_admin.member_view(args.member)
    member = team_admin.update_member(
        ctx, args.member, {k: v for k, v in changes.items() if v is not None}
    )
    if member == before:
        print(f"{member.name}: nothing changed")
        return 0
    handle = f", handle {member.handle}" if member.handle else ", no handle"
    print(f"{member.name}: {member.role.value}{handle}, {member.capacity_days:g} days a week")
    return 0


def cmd_member_active(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import team_admin

    change = team_admin.set_member_active(ctx, args.member, args.action == "reactivate")
    print(change.describe())
    return 0


def cmd_board_rename(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    board = columns.rename_board(ctx, args.board, args.new_name)
    print(f"board {board.name!r} ({board.task_count} cards)")
    return 0


def cmd_board_remove(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    print(f"removed board {columns.remove_board(ctx, args.board)!r}")
    return 0


COLUMN_HEADERS = ("board", "#", "column", "WIP", "per person", "cards", "kind")


def _kind(column: ColumnOutline) -> str | None:
    return "done" if column.is_done else "review" if column.is_review else None


def _column_document(board: BoardOutline, column: ColumnOutline) -> dict[str, object]:
    return {
        "board": board.name,
        "position": column.position,
        "name": column.name,
        "wip_limit": column.wip_limit,
        "person_limit": column.person_limit,
        "cards": column.cards,
        "is_done": column.is_done,
        "is_review": column.is_review,
    }


def cmd_column_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.cli import output
    from mpm_tui.services import columns

    found = [columns.board_outline(args.board)] if args.board else columns.board_outlines()
    pairs = [(board, column) for board in found for column in board.columns]
    if args.format == "json":
        print(output.to_json([_column_document(b, c) for b, c in pairs]))
        return 0
    rows = [
        (b.name, c.position, c.name, c.wip_limit, c.person_limit, c.cards, _kind(c))
        for b, c in pairs
    ]
    print(output.table(COLUMN_HEADERS, rows, widths={"board": 30, "column": 30}))
    return 0


def _where(column: ColumnOutline, board: str) -> str:
    return f"{column.name!r} is column {column.position} of board {board!r}"


def cmd_column_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    column = columns.add_column(ctx, args.board, args.column, position=_position(args.position))
    outline = columns.board_outline(args.board)
    print(
        f"added column {column.name!r} at position {column.position}; {outline.name}: "
        + " → ".join(c.name for c in outline.columns)
    )
    return 0


def cmd_column_rename(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    column = columns.rename_column(ctx, args.board, args.column, args.new_name)
    print(_where(column, columns.board_outline(args.board).name))
    return 0


def cmd_column_move(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    place = columns.parse_place(args.place)
    column = columns.move_column(ctx, args.board, args.column, place)
    outline = columns.board_outline(args.board)
    print(f"{_where(column, outline.name)}: " + " → ".join(c.name for c in outline.columns))
    return 0


def cmd_column_remove(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services import columns

    name = columns.remove_column(ctx, args.board, args.column)
    outline = columns.board_outline(args.board)
    print(
        f"removed column {name!r}; {outline.name}: " + " → ".join(c.name for c in outline.columns)
    )
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("member", "set"): cmd_member_set,
    ("member", "deactivate"): cmd_member_active,
    ("member", "reactivate"): cmd_member_active,
    ("board", "rename"): cmd_board_rename,
    ("board", "remove"): cmd_board_remove,
    ("column", "list"): cmd_column_list,
    ("column", "add"): cmd_column_add,
    ("column", "rename"): cmd_column_rename,
    ("column", "move"): cmd_column_move,
    ("column", "remove"): cmd_column_remove,
}
