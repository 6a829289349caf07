"""The Scope tab of the project detail, driven by real keys on the demo workspace.

Today is Monday 2026-11-23. Aurora Launch (owner Maya Chen, the demo user, an
admin) ends Monday 18 January 2027; its scope log holds #1, rejected, and #2,
proposed. Five working days after Jan 18 are Jan 19–22 and Monday Jan 25.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import BudgetLine, Project, ScopeChange, Task
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.screens.project_scope_dialogs import (
    ScopeAcceptDialog,
    ScopeRejectDialog,
    ScopeRequestDialog,
)
from mpm_tui.services import boards
from tests.conftest import FROZEN_NOW, dump_database
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SIZE = (120, 36)
AURORA = "Aurora Launch"


@pytest.fixture
def make(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    def build(**options: object) -> MPMApp:
        return demo_app(tmp_path, **options)  # type: ignore[arg-type]

    yield build
    close_database()


def aurora() -> Project:
    return Project.get(Project.name == AURORA)


async def open_scope_tab(pilot, app: MPMApp) -> ProjectDetailScreen:  # type: ignore[no-untyped-def]
    """The project detail of Aurora Launch, moved to its Scope tab with → as a user would."""
    await pilot.pause()
    app.open_project(AURORA)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ProjectDetailScreen)
    for _ in range(8):
        if screen.query_one(TabbedContent).active == "tab-scope":
            break
        await pilot.press("right")
        await pilot.pause()
    assert screen.query_one(TabbedContent).active == "tab-scope"
    return screen


async def record(pilot, app: MPMApp, what: str) -> ScopeChange:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, ScopeRequestDialog)
    await pilot.press(*what, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectDetailScreen)
    return ScopeChange.select().order_by(ScopeChange.id.desc()).get()


async def test_record_a_request_then_accept_it_by_extending_the_end(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_scope_tab(pilot, app)
        text = screen_text(app)
        assert "✗ rejected" in text and "? proposed" in text
        change = await record(pilot, app, "A partner FAQ [DE]")
        assert (change.description, change.requested_by, change.requested_on, change.status) == (
            "A partner FAQ [DE]",
            "Maya Chen",
            FROZEN_NOW.date(),
            "proposed",
        )
        assert "#3 A partner FAQ [DE]" in screen_text(app)  # the cursor is on the new one
        assert aurora().end == date(2027, 1, 18)

        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ScopeAcceptDialog)
        await pilot.press("space")  # the first trade-off: extend the end date
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert "end moves Jan 18 → Jan 25 (+5 working days)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)

        assert aurora().end == date(2027, 1, 25)
        row = ScopeChange.get_by_id(change.id)
        assert (row.status, row.tradeoff, row.extend_days, row.approved_by.name) == (
            "accepted",
            "extend_date",
            5,
            "Maya Chen",
        )
        text = screen_text(app)
        assert "✓ accepted" in text
        assert "trade-off: end date +5 working days (Jan 18 → Jan 25)" in text
        assert app.screen.changed  # the board behind is told to reload


async def test_accept_the_proposed_change_by_cutting_two_tasks(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_scope_tab(pilot, app)
        open_before = {c.id for c in boards.board_view().columns[0].cards}  # type: ignore[union-attr]
        await pilot.press("tab", "down")  # into the table, on #2 (proposed)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ScopeAcceptDialog)
        cut = [task.id for task in dialog.view.open_tasks[:2]]
        await pilot.press("down", "space")  # cut open tasks
        await pilot.pause()
        await pilot.press("space", "down", "space")  # tick the first two
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)

        row = ScopeChange.get_by_id(2)
        assert (row.status, row.tradeoff, row.cut_task_ids) == (
            "accepted",
            "cut_tasks",
            ",".join(map(str, cut)),
        )
        gone = Task.select().where(Task.id.in_(cut))
        assert all(task.cancelled_at == FROZEN_NOW for task in gone)
        board = boards.board_view()
        assert board is not None
        on_board = {card.id for column in board.columns for card in column.cards}
        assert not on_board & set(cut) and set(cut) <= open_before
        titles = ", ".join(task.title for task in sorted(gone, key=lambda t: cut.index(t.id)))
        assert f"cut 2 tasks: {titles}" in screen_text(app)


async def test_add_budget_and_a_refusal_that_stays_until_fixed(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_scope_tab(pilot, app)
        change = await record(pilot, app, "Retargeting in Austria")
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("down", "down", "space")  # add budget: the channel field
        await pilot.pause()
        await pilot.press(*"paid", "tab", *"-5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ScopeAcceptDialog)
        assert "✗ trade-off: amount: must be more than 0 (got -5)" in screen_text(app)
        assert ScopeChange.get_by_id(change.id).status == "proposed"
        await pilot.press("ctrl+a", "ctrl+k", *"1,500")
        await pilot.pause()
        assert "paid planned 25,000 → 26,500" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        line = BudgetLine.get((BudgetLine.project == aurora().id) & (BudgetLine.channel == "paid"))
        assert line.planned == 26_500
        assert ScopeChange.get_by_id(change.id).budget_amount == 1500
        assert "budget +1,500 on paid" in screen_text(app)


async def test_accepting_with_no_trade_off_is_refused_and_changes_nothing(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_scope_tab(pilot, app)
        assert "#2 A German version" in screen_text(app)  # the cursor starts on #2, proposed
        before = dump_database()
        await pilot.press("A")  # from the tab bar
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ScopeAcceptDialog)
        assert "✗ trade-off: scope change #2 cannot be accepted without one" in screen_text(app)
        assert dump_database() == before
        await pilot.press("space")  # choosing one answers the refusal: it goes
        await pilot.pause()
        assert "cannot be accepted without one" not in screen_text(app)
        assert "end moves" in screen_text(app) or "Working days" in screen_text(app)
        assert dump_database() == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert dump_database() == before
        assert ScopeChange.get_by_id(2).status == "proposed"


async def test_reject_with_a_reason(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_scope_tab(pilot, app)
        await pilot.press("tab", "down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ScopeRejectDialog)
        await pilot.press(*"Not before launch", "enter")
        await pilot.pause()
        row = ScopeChange.get_by_id(2)
        assert (row.status, row.approved_by.name) == ("rejected", "Maya Chen")
        assert "reason: Not before launch" in screen_text(app)
        await pilot.press("x")  # decided: said so, no dialog
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)


async def test_a_viewer_sees_the_log_and_changes_nothing(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard", read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_scope_tab(pilot, app)
        before = dump_database()
        await pilot.press("a", "plus", "A", "x", "tab", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        said = [note.message for note in app._notifications]
        assert len(said) == 5
        assert all("cannot record or decide scope changes" in message for message in said)
        text = screen_text(app)
        assert "read-only" in text.splitlines()[-1]
        assert "A second launch" in text
        assert dump_database() == before
