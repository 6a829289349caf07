"""The Team and boards screen, driven by real keys on the Flow board (see
tests/ui/flow_board.py): as Ann Lee (admin) every change goes through a dialog
and lands in the database; as Vic Roe (viewer) every change key says why not and
nothing changes.

Members (rows in order): Ann Lee (admin), Ben Ito (editor, 7 open cards), Vic Roe
(viewer). Boards (rows in order): Flow, A, B (WIP 2), C (review), D (done), then
Other, To Do, In Progress, Review, Done.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static
from textual.widgets._footer import FooterKey

from mpm_tui.app import MPMApp
from mpm_tui.db.models import BoardColumn, Member, Task
from mpm_tui.screens.board import BoardScreen
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import ChoiceDialog, InputDialog
from mpm_tui.screens.team_admin import TeamAdminScreen
from mpm_tui.services import activity, columns, members
from mpm_tui.services.context import ServiceContext
from tests.conftest import dump_database, frozen_clock
from tests.ui.flow_board import make_app, screen_text

SIZE = (100, 30)


async def open_team(pilot: Pilot[None], tab: str = "members") -> TeamAdminScreen:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, MPMApp)
    app.open_team_admin(tab)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TeamAdminScreen)
    return screen


def rows(screen: TeamAdminScreen, table: str = "#members-table") -> list[tuple[str, ...]]:
    found = screen.query_one(table, DataTable)
    return [tuple(str(cell) for cell in found.get_row_at(i)) for i in range(found.row_count)]


def message(screen: TeamAdminScreen) -> str:
    line = screen.query_one("#team-message", Static)
    return str(line.content) if line.display else ""


def footer_keys(app: MPMApp) -> dict[str, bool]:
    """The footer's keys: key → dimmed."""
    return {key.key: "-disabled" in key.classes for key in app.screen.query(FooterKey)}


def flow_columns() -> list[str]:
    return [c.name for c in columns.board_outline("Flow").columns]


async def choose(pilot: Pilot[None], label_start: str) -> None:
    """In the open choice dialog, go to the line starting with `label_start`, pick it."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    labels = [text.lstrip("✓ ") for text, _ in dialog.choices]
    index = next(i for i, text in enumerate(labels) if text.startswith(label_start))
    steps = index - (dialog.query_one(OptionList).highlighted or 0)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


async def type_in(pilot: Pilot[None], text: str, *, clear: bool = False) -> None:
    """Type into the open input dialog (clearing what it holds first) and press enter."""
    assert isinstance(pilot.app.screen, InputDialog)
    if clear:
        await pilot.press("home", "ctrl+k")
    await pilot.press(*text, "enter")
    await pilot.pause()


def dialog_error(app: MPMApp) -> str:
    return str(app.screen.query_one(".dialog-error").render())


async def test_opened_from_the_command_palette(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Team and")
        for _ in range(100):
            await pilot.pause(0.05)
            hits = app.screen.query_one(CommandList)
            if hits.option_count and str(hits.get_option_at_index(0).prompt).startswith("Team"):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        screen = app.screen
        assert isinstance(screen, TeamAdminScreen)
        assert rows(screen) == [
            ("Ann Lee", "ann", "admin", "5", "0", "active"),
            ("Ben Ito", "—", "editor", "5", "7", "active"),
            ("Vic Roe", "—", "viewer", "5", "0", "active"),
        ]
        keys = footer_keys(app)
        assert {"a", "r", "e", "d", "b"} <= keys.keys() and not any(keys[k] for k in "ared")
        assert "n" not in keys and "m" not in keys  # the other tab's keys, this tab's own
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_add_a_member_with_a_role(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        await pilot.press("a")
        await pilot.pause()
        await type_in(pilot, "ben ito")  # taken: the dialog stays, saying why
        assert isinstance(app.screen, InputDialog)
        assert dialog_error(app) == "member: name: 'ben ito' is already the name of Ben Ito"
        await type_in(pilot, "Sam Reed", clear=True)
        await choose(pilot, "admin")
        assert app.screen is screen
        sam = Member.get(Member.name == "Sam Reed")
        assert (sam.role, sam.active) == ("admin", True)
        assert ("Sam Reed", "—", "admin", "5", "0", "active") in rows(screen)
        assert screen.member is not None and screen.member.name == "Sam Reed"
        assert message(screen) == "Added Sam Reed as admin (e sets the handle and capacity)"


async def test_role_changes_and_the_last_admin_stays(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        before = dump_database()
        await pilot.press("r")  # Ann, the only admin
        await pilot.pause()
        await choose(pilot, "viewer")
        assert message(screen) == (
            "✗ Ann Lee is the last admin: make someone else an admin before you make Ann Lee "
            "a viewer"
        )
        assert dump_database() == before
        await pilot.press("j", "r")
        await pilot.pause()
        await choose(pilot, "admin")
        assert Member.get(Member.name == "Ben Ito").role == "admin"
        assert rows(screen)[1][2] == "admin"
        assert message(screen) == "Ben Ito is now an admin"


async def test_edit_capacity_and_handle(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        await pilot.press("j", "e")
        await pilot.pause()
        await choose(pilot, "Weekly capacity")
        await type_in(pilot, "lots", clear=True)
        assert dialog_error(app) == "capacity: expected days per week, 0 to 7 (got 'lots')"
        await type_in(pilot, "3.5", clear=True)
        assert Member.get(Member.name == "Ben Ito").capacity_days == 3.5
        await pilot.press("e")
        await pilot.pause()
        await choose(pilot, "Login handle")
        await type_in(pilot, "ANN")  # Ann's: refused in the dialog
        assert dialog_error(app) == "member: handle: 'ANN' is already the handle of Ann Lee"
        await type_in(pilot, "ben", clear=True)
        assert app.screen is screen
        assert rows(screen)[1][:4] == ("Ben Ito", "ben", "editor", "3.5")
        assert message(screen) == "Changed Ben Ito's login handle"


async def test_deactivate_keeps_the_cards_then_reactivate(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        await pilot.press("j", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.body.startswith("Their 7 open cards stay assigned to them")
        await pilot.press("y")
        await pilot.pause()
        ben = Member.get(Member.name == "Ben Ito")
        assert not ben.active
        assert Task.select().where(Task.owner == ben.id).count() == 8
        assert rows(screen)[2] == ("Ben Ito", "—", "editor", "5", "7", "✗ inactive")  # last
        assert message(screen).startswith("Deactivated Ben Ito: their 7 open cards stay")
        keys = footer_keys(app)
        assert "d" in keys
        assert any(
            k.key == "d" and k.description == "Reactivate" for k in app.screen.query(FooterKey)
        )
        await pilot.press("d", "y")
        await pilot.pause()
        assert Member.get(Member.name == "Ben Ito").active
        assert message(screen) == "Ben Ito is active again (editor, 5 days a week)"


async def test_columns_renamed_and_moved_show_on_the_board(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        screen = await open_team(pilot, "boards")
        assert rows(screen, "#boards-table")[:3] == [
            ("Flow", "", "", "8", "4 columns"),
            ("  1. A", "—", "—", "4", ""),
            ("  2. B", "2", "—", "full 2", ""),
        ]
        await pilot.press("j", "j", "r")  # B
        await pilot.pause()
        await type_in(pilot, "a")  # A's name: refused in the dialog
        assert dialog_error(app) == "column: name: board 'Flow' already has a column 'A'"
        await type_in(pilot, "Doing", clear=True)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert flow_columns() == ["Doing", "A", "C", "D"]
        assert rows(screen, "#boards-table")[1][0] == "  1. Doing"
        assert message(screen) == "Moved Doing left on Flow"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert message(screen) == "✗ 'Doing' is already the leftmost column"
        await pilot.press("shift+right")
        await pilot.pause()
        assert flow_columns() == ["A", "Doing", "C", "D"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board
        assert board.board is not None
        assert [c.name for c in board.board.columns] == ["A", "Doing", "C", "D"]
        assert "Doing" in screen_text(app)


async def test_new_column_limit_and_remove(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, "boards")
        await pilot.press("j", "n")  # on A: a column after it
        await pilot.pause()
        await choose(pilot, "A column on Flow, after A (position 2)")
        await type_in(pilot, "QA")
        assert flow_columns() == ["A", "QA", "B", "C", "D"]
        assert screen.highlighted_place is not None
        place = screen.highlighted_place[1]
        assert place is not None and place.name == "QA"
        await pilot.press("l")
        await pilot.pause()
        await choose(pilot, "WIP limit")
        await type_in(pilot, "0")
        assert dialog_error(app) == (
            "WIP limit: must be a whole number from 1 to 999 or none (got 0)"
        )
        await type_in(pilot, "3", clear=True)
        assert BoardColumn.get(BoardColumn.name == "QA").wip_limit == 3
        assert rows(screen, "#boards-table")[2] == ("  2. QA", "3", "—", "0", "")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert flow_columns() == ["A", "B", "C", "D"]
        assert message(screen) == "Removed QA"
        before = dump_database()
        await pilot.press("k", "x")  # A holds four cards: said at once, no dialog
        await pilot.pause()
        assert app.screen is screen
        assert message(screen) == (
            "✗ Not removed: column 'A' on board 'Flow' holds 4 cards: "
            "move them to another column first"
        )
        assert dump_database() == before


async def test_new_board_and_remove_an_empty_one(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, "boards")
        await pilot.press("n")
        await pilot.pause()
        await choose(pilot, "A new board")
        await type_in(pilot, "flow")
        assert dialog_error(app) == "board: name: a board called 'flow' already exists"
        await type_in(pilot, "Events", clear=True)
        outline = columns.board_outlines()[-1]
        assert (outline.name, [c.name for c in outline.columns]) == (
            "Events",
            ["To Do", "In Progress", "Review", "Done"],
        )
        assert screen.highlighted_place is not None
        assert screen.highlighted_place[0].name == "Events"
        await pilot.press("x", "y")
        await pilot.pause()
        assert [b.name for b in columns.board_outlines()] == ["Flow", "Other"]


async def test_a_viewer_sees_everything_and_changes_nothing(board_db: Path) -> None:
    app = make_app("Vic Roe")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        refusal = (
            "Vic Roe is a viewer and cannot manage members, boards and columns; "
            "that needs the admin role"
        )
        assert message(screen) == f"Read only: {refusal}."
        assert len(rows(screen)) == 3
        line = screen_text(app).splitlines()[-1]
        assert line.lstrip().startswith("read-only"), line
        keys = footer_keys(app)
        assert all(keys[k] for k in "ared") and not keys["b"]
        before = dump_database()
        for key in ("a", "r", "e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            assert message(screen) == f"✗ {refusal}", key
        await pilot.press("b")
        await pilot.pause()
        assert len(rows(screen, "#boards-table")) == 10
        keys = footer_keys(app)
        assert all(keys[k] for k in ("n", "r", "left_square_bracket", "x", "l"))
        await pilot.press("j")
        for key in ("n", "r", "left_square_bracket", "shift+right", "x", "l"):
            screen.say("")
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            assert message(screen) == f"✗ {refusal}", key
        assert dump_database() == before


async def test_someone_elses_change_shows_with_the_cursor_kept(board_db: Path) -> None:
    """Live refresh (screens/live.py) asks the screen on top to read again: another
    admin's change shows, the cursor stays on the member it was on."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        await pilot.press("j", "j")  # Vic
        other = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
        members.create_member(other, {"name": "Abe Abel", "role": "editor"})  # sorts first
        assert screen.seen_change != activity.latest_change()
        screen.refresh_live()
        await pilot.pause()
        assert [row[0] for row in rows(screen)] == ["Abe Abel", "Ann Lee", "Ben Ito", "Vic Roe"]
        assert screen.member is not None and screen.member.name == "Vic Roe"
        assert screen.seen_change == activity.latest_change()
