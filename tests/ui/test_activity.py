"""The activity screen and a card's history, driven by real keys on the Flow board
(see tests/ui/flow_board.py), as Ann Lee (admin) on the frozen clock.

Every entry of the board's set-up is at 09:30 on Monday 2026-11-23, so the log
reads newest first by entry: the last task created (d1) on top.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from mpm_tui.app import MPMApp
from mpm_tui.db.models import Task
from mpm_tui.screens.activity import ActivityScreen
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.screens.choice_dialog import ChoiceDialog
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.services import members, tasks
from mpm_tui.services.context import ServiceContext
from tests.conftest import dump_database, frozen_clock
from tests.ui.flow_board import SIZE, column_titles, make_app, screen_text

SMALL = (80, 24)


async def open_activity(pilot: Pilot[None]) -> ActivityScreen:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, MPMApp)
    app.open_activity()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ActivityScreen)
    return screen


def rows(screen: ActivityScreen) -> list[tuple[str, ...]]:
    """The table as shown: each row's cells as text (time, who, what, …)."""
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def detail(screen: ActivityScreen) -> str:
    return str(screen.query_one("#activity-detail", Static).content)


def a1() -> int:
    return int(Task.get(Task.title == "a1").id)


async def choose(pilot: Pilot[None], label: str) -> None:
    """In the open filter dialog, go to the line `label` with the arrows and pick it."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    labels = [text.strip(" ✓") for text, _ in dialog.choices]
    steps = labels.index(label) - (dialog.query_one(OptionList).highlighted or 0)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()


async def test_opened_from_the_command_palette(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Activity")
        for _ in range(100):
            await pilot.pause(0.05)
            hits = app.screen.query_one(CommandList)
            if hits.option_count and str(hits.get_option_at_index(0).prompt).startswith("Activity"):
                break
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert isinstance(app.screen, ActivityScreen)
        assert rows(app.screen)[0][:3] == ("Nov 23 09:30", "Ann Lee", f"task #{a1() + 7}")
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "board" and not isinstance(app.screen, ActivityScreen)


async def test_a_move_made_with_keys_is_on_top_with_before_and_after(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "l", "l", "space")  # a1: A → C
        await pilot.pause()
        assert column_titles("C") == ["a1", "c1"]
        screen = await open_activity(pilot)
        assert rows(screen)[0] == (
            "Nov 23 09:30",
            "Ann Lee",
            f"task #{a1()}",
            "move",
            "moved A → C: 'a1'",
        )
        shown = detail(screen)
        assert "moved A → C: 'a1'\n" in shown
        assert f"task #{a1()} · move · Ann Lee · today 09:30" in shown
        assert "→ column  A → C" in shown
        assert "position" not in shown  # the top of A to the top of C: not changed
        assert f"enter opens the card of task #{a1()}" in shown
        await pilot.press("j")  # the entry before: d1 created
        await pilot.pause()
        assert "created 'd1' in D" in detail(screen)
        assert "+ title     d1" in detail(screen)
        text = screen_text(app)
        assert "Activity · everything · 15 entries" in text


async def test_filter_by_kind_then_member_then_clear(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_activity(pilot)
        before = dump_database()
        everything = len(rows(screen))
        await pilot.press("f")
        await pilot.pause()
        await choose(pilot, "Kind: project")
        assert [r[2:] for r in rows(screen)] == [
            ("project #1", "create", "created project [Q4] Launch")  # shown as typed
        ]
        assert "kind: project · 1 entry" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        await choose(pilot, "Member: set-up")  # kind project and member set-up: nothing
        assert rows(screen) == []
        assert "No entry matches the filter: f changes it." in detail(screen)
        await pilot.press("f")
        await pilot.pause()
        await choose(pilot, "Kind: project")  # picked again: the kind is dropped
        assert [r[1:4] for r in rows(screen)] == [("set-up", "member #1", "create")]
        await pilot.press("f")
        await pilot.pause()
        await choose(pilot, "Everything (no filter)")
        assert len(rows(screen)) == everything
        assert dump_database() == before  # looking changes nothing


async def test_enter_opens_the_card_and_the_project(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_activity(pilot)
        whats = [r[2] for r in rows(screen)]
        await pilot.press(*["j"] * whats.index(f"task #{a1()}"), "enter")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, CardDetailScreen)
        assert card.task_id == a1()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press(*["j"] * (whats.index("project #1") - whats.index(f"task #{a1()}")))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)


async def test_a_change_made_meanwhile_shows_after_r(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_activity(pilot)
        count = len(rows(screen))
        other = ServiceContext(members.resolve_actor("Ben Ito", os_user=""), frozen_clock)
        task_id = a1()
        tasks.update_task(other, task_id, {"title": "a1 [final]"})  # another session
        assert len(rows(screen)) == count
        await pilot.press("r")
        await pilot.pause()
        assert len(rows(screen)) == count + 1
        assert rows(screen)[0][1:] == ("Ben Ito", f"task #{task_id}", "edited 'a1 [final]': title")


async def test_the_card_history_shows_a_move_just_made(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "l", "l", "space", "enter")  # a1 to C, then open it
        await pilot.pause()
        card = app.screen
        assert isinstance(card, CardDetailScreen)
        await pilot.press("6")
        await pilot.pause()
        assert card.query_one(TabbedContent).active == "history"
        history = card.query_one("#history-list", OptionList)
        assert app.focused is history
        assert history.option_count == 2
        newest = str(history.get_option_at_index(0).prompt)
        assert newest.splitlines() == [
            "today 09:30  ·  Ann Lee  ·  move",
            "moved A → C: 'a1'",
            "  → column  A → C",
        ]
        assert str(history.get_option_at_index(1).prompt).startswith(
            "today 09:30  ·  Ann Lee  ·  create\ncreated 'a1' in A"
        )
        assert "History 2" in screen_text(app)
