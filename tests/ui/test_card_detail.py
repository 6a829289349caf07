"""The card detail, the new-card dialog and the confirm dialog, driven by real keys.

Each test opens the screen on the demo workspace (frozen at Monday 2026-11-23),
presses keys, and reads the database back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Attachment, BoardColumn, ChecklistItem, Comment, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.screens.card_dialogs import ConfirmDialog, NewCardDialog
from mpm_tui.services import tasks
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.widgets.date_input import DateInput
from mpm_tui.widgets.detail_lists import ItemList
from tests.conftest import FROZEN_NOW, dump_database, frozen_clock
from tests.snapshots.snapshot_app import demo_app

SIZE = (120, 40)
LANDING = "Build launch landing page"
TODAY = FROZEN_NOW.date()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[MPMApp]:
    """The demo app as Maya Chen (admin), on the frozen clock."""
    yield demo_app(tmp_path)
    close_database()


class Results:
    """What the dialogs were dismissed with, in order."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, value: Any) -> None:
        self.values.append(value)


def landing() -> Task:
    return Task.get(Task.title == LANDING)


async def open_detail(app: MPMApp, pilot: Pilot[None], title: str = LANDING) -> Results:
    results = Results()
    await pilot.pause()
    app.push_screen(CardDetailScreen(app.ctx, Task.get(Task.title == title).id), results)
    await pilot.pause()
    assert isinstance(app.screen, CardDetailScreen)
    return results


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, rub out what it holds, then type `text` key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", *["backspace"] * len(field.value), *text)


def shown(app: MPMApp, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return str(widget.content) if widget.display else ""


def checklist() -> list[tuple[str, bool, int]]:
    return [
        (row.text, row.done, row.position)
        for row in ChecklistItem.select()
        .where(ChecklistItem.task == landing().id)
        .order_by(ChecklistItem.position)
    ]


# --- the fields -----------------------------------------------------------------------


async def test_edit_title_relative_due_and_estimate_then_save(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        results = await open_detail(app, pilot)
        version = landing().version
        # The tab bar has the focus first: a stray key types over nothing.
        assert app.focused is app.screen.query_one("#tabs Tabs")
        await pilot.press("tab")  # into the title, its text selected
        assert app.focused is app.screen.query_one("#title")
        await pilot.press(*"Landing page: hero and grid")
        await type_into(pilot, "#due", "+3d")
        assert app.screen.query_one("#due", DateInput).border_subtitle == "→ Thu 26 Nov"
        await type_into(pilot, "#estimate", "2")
        assert shown(app, "#breakdown-hint") == ""  # 2 days: no hint any more
        await pilot.press("ctrl+s")
        await pilot.pause()

        row = Task.get_by_id(landing_id := row_id_of("Landing page: hero and grid"))
        assert (row.title, row.due, row.estimate_days) == (
            "Landing page: hero and grid",
            TODAY + timedelta(days=3),
            2.0,
        )
        assert row.version == version + 1
        assert shown(app, "#card-error") == ""
        assert app.screen.query_one("#due", Input).value == "2026-11-26"

        await pilot.press("escape")  # nothing unsaved: closes at once
        await pilot.pause()
        assert results.values == [True]
        assert landing_id == row.id


def row_id_of(title: str) -> int:
    return Task.get(Task.title == title).id


async def test_weekday_and_iso_dates_resolve_as_you_type(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        due = app.screen.query_one("#due", DateInput)
        await type_into(pilot, "#due", "fri")
        assert due.border_subtitle == "→ Fri 27 Nov"
        await type_into(pilot, "#due", "2026-12-01")
        assert due.border_subtitle == "→ Tue 1 Dec"
        assert due.day == date(2026, 12, 1)
        await type_into(pilot, "#due", "+6w")
        assert due.border_subtitle == "→ Mon 4 Jan 2027"  # the year once it is not this one
        await type_into(pilot, "#start", "")
        assert app.screen.query_one("#start", DateInput).day is None


async def test_a_bad_date_shows_why_and_saves_nothing(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        results = await open_detail(app, pilot)
        before = dump_database()
        await pilot.press(*"A new title")
        await type_into(pilot, "#due", "31/12")
        due = app.screen.query_one("#due", DateInput)
        assert due.border_subtitle == "✗ not a date"
        assert due.has_class("-invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = shown(app, "#card-error")
        assert error.startswith("✗ due: '31/12' is not a date: use YYYY-MM-DD")
        assert error.endswith("Nothing was saved.")
        assert app.focused is due
        assert dump_database() == before

        # Unsaved edits: escape asks first; n keeps the detail open, y discards.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert results.values == [False]
        assert dump_database() == before


async def test_a_refused_value_shows_the_service_message(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        before = dump_database()
        await type_into(pilot, "#estimate", "400")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(app, "#card-error") == (
            "✗ task: estimate_days: input should be less than or equal to 365 (got 400.0). "
            "Nothing was saved."
        )
        assert dump_database() == before


async def test_a_change_made_meanwhile_is_not_overwritten(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        sam = ServiceContext(Actor("Sam Okafor", Role.EDITOR), frozen_clock)
        tasks.update_task(sam, landing().id, {"priority": "urgent"})
        await pilot.press("tab", *"My title")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(app, "#card-error") == (
            "✗ this task was changed by Sam Okafor at 09:30 — reloaded, try again"
        )
        row = landing()
        assert (row.title, row.priority) == (LANDING, "urgent")
        assert app.screen.query_one("#priority", Select).value == "urgent"
        assert app.screen.query_one("#title", Input).value == LANDING


async def test_picking_owner_and_priority_with_keys(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        app.screen.query_one("#priority").focus()
        await pilot.press("enter", "down", "enter")  # high → urgent
        app.screen.query_one("#blocked").focus()
        await pilot.press("space")
        await type_into(pilot, "#blocked-reason", "waiting for pricing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = landing()
        assert (row.priority, row.blocked, row.blocked_reason) == (
            "urgent",
            True,
            "waiting for pricing",
        )


async def test_the_break_it_down_hint_follows_the_estimate(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        assert shown(app, "#breakdown-hint").startswith("⚑ Break it down: 5 days")
        await type_into(pilot, "#estimate", "3")
        assert shown(app, "#breakdown-hint") == ""
        await type_into(pilot, "#estimate", "3.5")
        assert shown(app, "#breakdown-hint").startswith("⚑ Break it down: 3.5 days")


async def test_escape_without_changes_closes_with_false(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        results = await open_detail(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert results.values == [False]


async def test_tab_keys_move_between_the_parts(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert app.focused is app.screen.query_one("#tabs Tabs")  # the tab bar first
        seen = []
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket", "5"):
            await pilot.press(key)
            seen.append(tabs.active)
        assert seen == ["checklist", "people", "checklist", "files"]
        assert app.focused is app.screen.query_one("#files-list")
        await pilot.press("1", "2")  # the fields tab keeps the focus on the tab bar
        assert (tabs.active, app.focused) == ("checklist", app.screen.query_one("#checklist-list"))
        await pilot.press("1")
        assert (tabs.active, app.focused) == ("fields", app.screen.query_one("#tabs Tabs"))
        assert app.screen.query_one("#title", Input).value == LANDING


async def test_question_mark_shows_the_keys_of_the_detail(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_escape_in_an_open_picker_closes_only_the_picker(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        results = await open_detail(app, pilot)
        app.screen.query_one("#owner").focus()
        await pilot.press("enter")  # open the member list
        await pilot.pause()
        assert app.screen.query_one("#owner", Select).expanded
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query_one("#owner", Select).expanded
        assert isinstance(app.screen, CardDetailScreen)
        assert results.values == []


async def test_a_card_deleted_meanwhile_does_not_open(app: MPMApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        task_id = landing().id
        tasks.delete_task(app.ctx, task_id)
        results = Results()
        app.push_screen(CardDetailScreen(app.ctx, task_id), results)
        await pilot.pause()
        assert results.values == [False]
        assert not isinstance(app.screen, CardDetailScreen)
        assert [n.message for n in app._notifications] == [f"no task with id {task_id}"]


# --- checklist, comments, files, people -------------------------------------------


async def test_checklist_add_tick_reorder_edit_delete(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        results = await open_detail(app, pilot)
        await pilot.press("2")  # from the tab bar to the checklist
        assert app.screen.query_one(TabbedContent).active == "checklist"
        assert app.focused is app.screen.query_one("#checklist-list")

        await pilot.press("a", *"QA on staging", "enter")
        await pilot.pause()
        assert checklist()[-1] == ("QA on staging", False, 5)

        await pilot.press("shift+tab", "end", "space")  # back to the list, tick the last
        await pilot.pause()
        assert checklist()[-1] == ("QA on staging", True, 5)

        await pilot.press("K", "shift+up")  # two places up
        await pilot.pause()
        assert [text for text, _, _ in checklist()][2:] == [
            "Pricing table",
            "QA on staging",
            "Signup form",
            "Analytics and consent tags",
        ]
        assert [position for _, _, position in checklist()] == [0, 1, 2, 3, 4, 5]
        await pilot.press("J", "shift+down", "K", "K")  # down two, back up two
        await pilot.pause()
        assert checklist()[3] == ("QA on staging", True, 3)

        await pilot.press("e")  # edit the highlighted one
        await pilot.pause()
        await pilot.press(*"QA on staging and prod", "enter")
        await pilot.pause()
        assert checklist()[3] == ("QA on staging and prod", True, 3)

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert [text for text, _, _ in checklist()] == [
            "Hero section",
            "Feature grid",
            "Pricing table",
            "Signup form",
            "Analytics and consent tags",
        ]
        assert str(app.screen.query_one(TabbedContent).get_tab("checklist").label) == (
            "Checklist 2/5"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert results.values == [True]


async def test_add_a_comment(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        await pilot.press("4", "a", *"Pricing is final: go.", "enter")
        await pilot.pause()
        comment = Comment.select().where(Comment.task == landing().id).order_by(Comment.id.desc())
        newest = comment.get()
        assert (newest.author.name, newest.body, newest.created_at) == (
            "Maya Chen",
            "Pricing is final: go.",
            FROZEN_NOW,
        )
        assert app.screen.query_one("#comment-new", Input).value == ""
        comments = app.screen.query_one("#comments-list", ItemList)
        assert comments.option_count == 3
        assert "Maya Chen  ·  today 09:30" in str(comments.get_option_at_index(2).prompt)


async def test_an_empty_comment_is_refused(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        before = dump_database()
        await pilot.press("4", "a", "space", "enter")
        await pilot.pause()
        assert shown(app, "#card-error") == "✗ comment: must not be empty"
        assert dump_database() == before


async def test_attach_a_url_with_a_label_and_remove_it(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        await pilot.press("5", "a", *"https://example.com/[Q4] brief")
        await pilot.press("tab", *"[Q4] brief", "enter")
        await pilot.pause()
        rows = Attachment.select().where(Attachment.task == landing().id).order_by(Attachment.id)
        assert [(a.target, a.label) for a in rows][-1] == (
            "https://example.com/[Q4] brief",
            "[Q4] brief",
        )
        files = app.screen.query_one("#files-list", ItemList)
        assert "[Q4] brief" in str(files.get_option_at_index(2).prompt)  # shown as typed

        files.focus()
        await pilot.press("end", "x", "y")
        await pilot.pause()
        assert rows.count() == 2


async def test_add_and_remove_a_collaborator(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(app, pilot)
        screen = app.screen
        await pilot.press("3")
        screen.query_one("#person", Select).value = "Jo Park"
        screen.query_one("#person-role", Select).value = "social"
        screen.query_one("#person-add").focus()
        await pilot.press("enter")
        await pilot.pause()
        names = [str(o.prompt) for o in screen.query_one("#people-list", ItemList).options]
        assert names == [
            "Jo Park  ·  social",
            "Leo Martins  ·  writer",
            "Priya Raman  ·  designer",
        ]
        screen.query_one("#people-list").focus()
        await pilot.press("home", "x", "y")
        await pilot.pause()
        assert len(screen.query_one("#people-list", ItemList).options) == 2


async def test_a_viewer_sees_it_read_only_and_changes_nothing(tmp_path: Path) -> None:
    app = demo_app(tmp_path, user="Grace Lindqvist")  # a viewer in the demo
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_detail(app, pilot)
            before = dump_database()
            assert shown(app, "#read-only-note") == (
                "Read only: Grace Lindqvist is a viewer and cannot edit cards; "
                "that needs the editor role."
            )
            for selector in ("#title", "#owner", "#due", "#description", "#checklist-new"):
                assert app.screen.query_one(selector).disabled, selector
            await pilot.press("ctrl+s", "2", "space", "K", "a", "x")
            await pilot.pause()
            assert isinstance(app.screen, CardDetailScreen)
            assert dump_database() == before
            assert not app.screen.check_action("save", ())
    finally:
        close_database()


# --- the new-card dialog ----------------------------------------------------------------


async def test_new_card_dialog_creates_the_card_in_the_column(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = Results()
        app.push_screen(NewCardDialog(app.ctx, "Marketing", "In Progress"), results)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#title")
        await pilot.press(*"[Q4] webinar follow-up")
        await type_into(pilot, "#due", "fri")
        await type_into(pilot, "#estimate", "1.5")
        await pilot.press("enter")
        await pilot.pause()

        assert len(results.values) == 1
        row = Task.get_by_id(results.values[0])
        assert (row.title, row.column.name, row.due, row.estimate_days) == (
            "[Q4] webinar follow-up",
            "In Progress",
            date(2026, 11, 27),
            1.5,
        )
        assert row.column.board.name == "Marketing"


async def test_new_card_dialog_refuses_a_full_column_and_creates_nothing(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = Results()
        app.push_screen(NewCardDialog(app.ctx, "Marketing", "Review"), results)  # 4/4
        await pilot.pause()
        before = dump_database()
        await pilot.press(*"One more thing", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewCardDialog)
        error = str(app.screen.query_one(".dialog-error", Static).content)
        assert error == (
            "'Review' on board 'Marketing' is at its WIP limit (4/4): "
            "finish or move a card out first"
        )
        assert dump_database() == before
        assert app.screen.query_one("#title", Input).value == "One more thing"
        await pilot.press("escape")
        await pilot.pause()
        assert results.values == [None]


async def test_new_card_dialog_needs_a_title(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(NewCardDialog(app.ctx, "Marketing", "To Do"))
        await pilot.pause()
        count = BoardColumn.get(BoardColumn.name == "To Do").tasks.count()
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one(".dialog-error", Static).content)
        assert error == "title: type what needs doing first"
        assert BoardColumn.get(BoardColumn.name == "To Do").tasks.count() == count


# --- the confirm dialog -------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "answer"),
    [(["y"], True), (["enter"], True), (["n"], False), (["escape"], False)],
)
async def test_confirm_dialog_keys(app: MPMApp, keys: list[str], answer: bool) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = Results()
        app.push_screen(ConfirmDialog("Delete “[Q4] launch”?", "It goes for good."), results)
        await pilot.pause()
        assert "[Q4] launch" in str(app.screen.query_one(".dialog-title", Static).content)
        await pilot.press(*keys)
        await pilot.pause()
        assert results.values == [answer]


async def test_confirm_dialog_buttons(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        results = Results()
        for button in ("#cancel", "#confirm"):
            app.push_screen(ConfirmDialog("Delete it?", confirm="Delete"), results)
            await pilot.pause()
            await pilot.click(button)
            await pilot.pause()
        assert results.values == [False, True]
