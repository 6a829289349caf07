"""The Boards & columns tab of the Team and boards screen: its keys' actions.

`n` a new column after the highlighted one (or at the end of the highlighted
board), or a new board; `r` renames; `[` `]` (or shift+←/→) move a column;
`x` removes an empty column or board after asking; `l` sets a column's WIP or
per-person limit. Every change goes through `services.columns` / `boards`; a
refusal is said in the dialog (a name taken) or on the message line."""

from __future__ import annotations

from collections.abc import Callable

from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import ChoiceDialog, ask_and_write
from mpm_tui.screens.team_admin_parts import AdminPanel
from mpm_tui.services import boards, columns
from mpm_tui.services.columns import BoardOutline, ColumnOutline


class BoardsActions(AdminPanel):
    """What the Boards & columns tab's keys do (a mixin of `TeamAdminScreen`)."""

    outlines: list[BoardOutline]

    @property
    def highlighted_place(self) -> tuple[BoardOutline, ColumnOutline | None] | None:
        """The highlighted board (column None) or column (the screen's)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ actions

    def _column_place(self, doing: str) -> tuple[BoardOutline, ColumnOutline] | None:
        """The highlighted column, or None after saying there is none."""
        place = self.highlighted_place
        if place is None or place[1] is None:
            self.say(f"Put the cursor on a column to {doing} it", error=True)
            return None
        return place[0], place[1]

    def action_new(self) -> None:
        if self._refused("Nothing added"):
            return
        place = self.highlighted_place
        if place is None:
            self._new_board()
            return
        board, column = place
        where = (
            f"after {column.name} (position {column.position + 1})"
            if column is not None
            else "at the end"
        )
        position = column.position + 1 if column is not None else len(board.columns) + 1

        def chosen(what: str | None) -> None:
            if what == "column":
                self._new_column(board, position)
            elif what == "board":
                self._new_board()

        self.app.push_screen(
            ChoiceDialog(
                "Add",
                [(f"A column on {board.name}, {where}", "column"), ("A new board", "board")],
            ),
            chosen,
        )

    def _new_column(self, board: BoardOutline, position: int) -> None:
        made: list[ColumnOutline] = []

        def write(text: str) -> None:
            made.append(columns.add_column(self.ctx, board.name, text, position=position))

        def saved() -> None:
            self.say(f"Added column {made[-1].name} to {board.name} at position {position}")
            self.load(key=f"c:{made[-1].id}")

        ask_and_write(
            self,
            f"Name of the new column on {board.name} (position {position})",
            "",
            write,
            refusal=columns.structure_refusal(self.ctx),
            saved=saved,
            hint="enter adds it (no limits; l sets them) · escape cancels",
        )

    def _new_board(self) -> None:
        made: list[int] = []

        def write(text: str) -> None:
            made.append(boards.create_board(self.ctx, {"name": text}).id)

        def saved() -> None:
            self.say("Added the board with To Do → In Progress → Review → Done")
            self.load(key=f"b:{made[-1]}")

        ask_and_write(
            self,
            "Name of the new board",
            "",
            write,
            refusal=columns.structure_refusal(self.ctx),
            saved=saved,
            hint="columns To Do, In Progress, Review, Done · enter adds it · escape cancels",
        )

    def action_rename(self) -> None:
        if self._refused("Not renamed"):
            return
        place = self.highlighted_place
        if place is None:
            self.say("No board yet: n adds one", error=True)
            return
        board, column = place
        if column is None:

            def write(text: str) -> None:
                columns.rename_board(self.ctx, board.name, text)

            title, value, key = f"New name of the board {board.name}", board.name, f"b:{board.id}"
        else:

            def write(text: str) -> None:
                columns.rename_column(self.ctx, board.name, column.name, text)

            title, value = f"New name of the column {column.name} on {board.name}", column.name
            key = f"c:{column.id}"

        def saved() -> None:
            self.say(f"Renamed {value}")
            self.load(key=key)

        ask_and_write(
            self, title, value, write, refusal=columns.structure_refusal(self.ctx), saved=saved
        )

    def action_move_column(self, way: str) -> None:
        if self._refused("Not moved"):
            return
        place = self._column_place("move")
        if place is None:
            return
        board, column = place
        self._write(
            lambda: columns.move_column(self.ctx, board.name, column.name, way),
            f"Moved {column.name} {way} on {board.name}",
            key=f"c:{column.id}",
        )

    def action_remove(self) -> None:
        if self._refused("Not removed"):
            return
        place = self.highlighted_place
        if place is None:
            self.say("No board yet: nothing to remove", error=True)
            return
        board, column = place
        if column is None:
            problem = columns.board_removal_problem(board.name)
            title = f"Remove the board {board.name}?"
            body = f"Its {len(board.columns)} columns go with it; its history stays in the log."
            change: Callable[[], object] = lambda: columns.remove_board(self.ctx, board.name)  # noqa: E731
        else:
            problem = columns.column_removal_problem(board.name, column.name)
            title = f"Remove the column {column.name} from {board.name}?"
            body = "Its limits go with it; its history stays in the log."
            if column.is_done:
                body = (
                    f"It is the done column: without one, no card on {board.name} counts "
                    f"as finished. {body}"
                )
            change = lambda: columns.remove_column(self.ctx, board.name, column.name)  # noqa: E731
        if problem:
            self.say(f"Not removed: {problem}", error=True)
            return
        name = board.name if column is None else column.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(change, f"Removed {name}")  # the cursor stays on its row

        self.app.push_screen(ConfirmDialog(title, body, confirm="Remove"), confirmed)

    def action_limit(self) -> None:
        if self._refused("Limit not changed"):
            return
        place = self._column_place("set a limit of")
        if place is None:
            return
        board, column = place
        shown = {"wip_limit": column.wip_limit, "person_limit": column.person_limit}
        choices: list[tuple[str, boards.LimitField]] = [
            (f"WIP limit (now {column.wip_limit or 'none'}, {column.cards} cards)", "wip_limit"),
            (f"Per-person limit (now {column.person_limit or 'none'})", "person_limit"),
        ]

        def chosen(kind: boards.LimitField | None) -> None:
            if kind is None:
                return
            setter = boards.set_wip_limit if kind == "wip_limit" else boards.set_person_limit
            label = boards.LIMIT_LABELS[kind]

            def write(text: str) -> None:
                setter(self.ctx, board.name, column.name, boards.parse_limit(text or "none"))

            def saved() -> None:
                self.say(f"Set the {label} of {column.name}")
                self.load(key=f"c:{column.id}")

            ask_and_write(
                self,
                f"{label[0].upper()}{label[1:]} of {column.name} on {board.name}",
                str(shown[kind] or ""),
                write,
                refusal=boards.limit_refusal(self.ctx),
                saved=saved,
                hint="a number from 1 to 999, or none · enter saves · escape cancels",
            )

        self.app.push_screen(ChoiceDialog(f"Which limit of {column.name}?", choices), chosen)
