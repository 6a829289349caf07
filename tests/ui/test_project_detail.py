"""The project detail driven by real keys, on the demo workspace (Monday 2026-11-23).

Aurora Launch has the issue's funnel: 30 deals won ← SQLs at 30 % ← MQLs at
40 % ← leads at 25 % ← site visits at 2 %, so 100 / 250 / 1,000 / 50,000.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import BudgetLine, Kpi, Project
from mpm_tui.screens.board import BoardScreen
from mpm_tui.screens.choice_dialog import InputDialog
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.screens.timeline import TimelineScreen
from tests.conftest import dump_database
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SIZE = (120, 36)
PROJECT = "Aurora Launch"


@pytest.fixture
def make(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    def build(**options: object) -> MPMApp:
        return demo_app(tmp_path, **options)  # type: ignore[arg-type]

    yield build
    close_database()


def project_id(name: str) -> int:
    return Project.get(Project.name == name).id


def aurora_targets() -> dict[str, float | None]:
    return {k.name: k.target for k in Kpi.select().where(Kpi.project == project_id(PROJECT))}


async def open_detail(pilot, app: MPMApp) -> ProjectDetailScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.open_project(PROJECT)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ProjectDetailScreen)
    return screen


async def type_into_dialog(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+a", "ctrl+k", *text, "enter")
    await pilot.pause()


async def test_overview_then_goals_worked_back_from_the_kgi(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, app)
        text = screen_text(app)
        assert "Aurora Launch · active · Maya Chen" in text
        assert "Win 30 new Aurora deals within eight weeks of launch day" in text
        await pilot.press("right")  # the Goals tab
        await pilot.pause()
        text = screen_text(app)
        for line in ("★ Deals won", "30% → Deals won", "50,000", "✗ 16%"):
            assert line in text, line
        await pilot.press("t")  # the KGI is the first row
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await type_into_dialog(pilot, "45")
        assert isinstance(app.screen, ProjectDetailScreen)
        assert aurora_targets() == {
            "Deals won": 45,
            "SQLs": 150,
            "MQLs": 375,
            "Leads": 1500,
            "Site visits": 75000,
        }
        assert "75,000" in screen_text(app)


async def test_a_zero_rate_is_refused_in_the_dialog_and_nothing_changes(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, app)
        await pilot.press("right", "tab", "down")  # Goals, into the table, SQLs
        await pilot.pause()
        before = dump_database()
        await pilot.press("c")
        await pilot.pause()
        await type_into_dialog(pilot, "0%")
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        assert "SQLs" in screen_text(app) and "rate" in screen_text(app).lower()
        assert dump_database() == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert dump_database() == before


async def test_budget_spent_changes_the_remainder(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, app)
        await pilot.press("right", "right", "tab")  # Budget, into its table
        await pilot.press("down", "down", "down")  # content, email, events, paid
        await pilot.pause()
        assert "25,000" in screen_text(app)  # paid, planned
        await pilot.press("s")
        await pilot.pause()
        await type_into_dialog(pilot, "7000")
        line = BudgetLine.get(
            (BudgetLine.channel == "paid") & (BudgetLine.project == project_id(PROJECT))
        )
        assert (line.planned, line.spent) == (25000, 7000)
        assert "18,000" in screen_text(app)  # left on paid


async def test_a_viewer_sees_everything_and_changes_nothing(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard", read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_detail(pilot, app)
        before = dump_database()
        await pilot.press("right", "t", "c", "a", "e", "right", "s", "n")
        await pilot.pause()
        assert not isinstance(app.screen, InputDialog)
        said = [note.message for note in app._notifications]
        assert said and all("cannot change goals and budgets" in m for m in said)
        assert "read-only" in screen_text(app).splitlines()[-1]
        assert dump_database() == before


async def test_p_opens_the_project_from_the_board_timeline_and_dashboard(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        card = board.canvas.current_task
        assert card is not None and card.project
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.detail is not None and app.screen.detail.project.name == card.project
        await pilot.press("escape", "2")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("p")  # the first row: a project
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        await pilot.press("escape", "5")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)


async def test_r_opens_the_projects_retrospective(make) -> None:  # type: ignore[no-untyped-def]
    from mpm_tui.screens.retro import RetroScreen

    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_project("Product Webinar")
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert app.current_mode == "retro" and isinstance(screen, RetroScreen)
        assert screen.retro is not None and screen.retro.project == "Product Webinar"
        assert "✓ complete" in screen_text(app)
