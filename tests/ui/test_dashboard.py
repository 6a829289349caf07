"""The portfolio dashboard driven by real keys, on the demo workspace (Monday 2026-11-23).

The demo's four projects in progress, in start-date order (Product Webinar is
done, so hidden until `a`):

    project             schedule    progress  KPI    burn  overdue  blocked  next milestone
    Monthly Newsletter  ⚠ at risk   44%       ✗ 78%  55%   ⚠ 2      0        Nov 26 Issue 13 sent
    SEO Content Push    ⚠ at risk   40%       ✗ 58%  46%   ⚠ 3      ‖ 3      Dec 7 Mid-point review
    Aurora Launch       ⚠ at risk   20%       ✗ 7%   37%   ⚠ 6      ‖ 1      Nov 30 Creative done
    Spring Trade Show   ✓ on track  3%        —      25%   0        0        Dec 7 Planning done
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Project
from mpm_tui.screens.dashboard import DashboardScreen
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.screens.project_risks import RiskRegister
from mpm_tui.services import goals, planning, projects
from mpm_tui.widgets.dashboard_panels import PanelList
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SIZE = (160, 45)
SMALL = (80, 24)
ACTIVE = ["Monthly Newsletter", "SEO Content Push", "Aurora Launch", "Spring Trade Show"]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[MPMApp]:
    yield demo_app(tmp_path, mode="dashboard")
    close_database()


def dashboard(app: MPMApp) -> DashboardScreen:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def table(app: MPMApp) -> DataTable[Text]:
    return app.screen.query_one("#portfolio", DataTable)


def cells(app: MPMApp, index: int) -> list[str]:
    return [str(cell) for cell in table(app).get_row_at(index)]


def names(app: MPMApp) -> list[str]:
    return [cells(app, index)[0] for index in range(table(app).row_count)]


def cursor_name(app: MPMApp) -> str:
    return cells(app, table(app).cursor_row)[0]


def detail(app: MPMApp) -> str:
    return str(app.screen.query_one("#portfolio-detail", Static).visual)


def project_id(name: str) -> int:
    return Project.get(Project.name == name).id


async def test_the_table_shows_each_projects_state_and_numbers(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert names(app) == ACTIVE
        rows = [cells(app, index)[1:8] for index in range(4)]
        assert rows == [
            ["⚠ at risk", "44%  ███░░░░░", "✗ 78%", "55%", "⚠ 2", "0", "◆ Nov 26 Issue 13 sent"],
            [
                "⚠ at risk",
                "40%  ███░░░░░",
                "✗ 58%",
                "46%",
                "⚠ 3",
                "‖ 3",
                "◆ Dec 7 Mid-point review",
            ],
            ["⚠ at risk", "20%  █░░░░░░░", "✗ 7%", "37%", "⚠ 6", "‖ 1", "◆ Nov 30 Creative done"],
            ["✓ on track", "3%   ░░░░░░░░", "—", "25%", "0", "0", "◆ Dec 7 Planning done"],
        ]
        assert cells(app, 1)[-2:] == ["‖ on hold", "Sam Okafor"]
        text = screen_text(app)
        assert "4 projects in progress · 1 finished hidden (a shows)" in text
        assert "Monthly Newsletter · ⚠ at risk: 2 tasks at risk (2 overdue)" in detail(app)


async def test_the_team_panels(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for line in (
            "Top risks  4 open",
            "▲ 20  Pricing is not final two weeks before launch · Aurora Launch",
            "→ Escalate to the product lead",  # the response, with room for it
            "◆  9  Search cost per click well above plan · Aurora Launch",
            "At or near capacity  week of Nov 23",
            "▲ Alex Rivera  3/2 days  150%  over",
            "▲ Hannah Weiss  3.5/2.5 days  140%  over",
            "4/4 ●  Marketing › Review",
            "5/6    Marketing › In Progress",
            "Completed  3 tasks in the last 7 days",
            "Nov 19  Book booth space and pay deposit · Spring Trade Show",
            "0  5  6  6  7 12 10  3",  # the count under each bar of the chart
        ):
            assert line in text, line


async def test_small_terminal_keeps_the_first_columns_and_a_sparkline(app: MPMApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Monthly Newsletter  ⚠ at risk" in text
        assert "▁▄▅▅▆█▇▃  49 in 8 weeks" in text
        assert "→ Escalate" not in text  # no room for the responses


async def test_j_k_move_and_enter_or_p_opens_the_project(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "k", "down")
        assert cursor_name(app) == "Aurora Launch"
        assert detail(app).startswith("Aurora Launch · ⚠ at risk: 6 tasks at risk (6 overdue)")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.project_key == project_id("Aurora Launch")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("up", "p")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.project_key == project_id("SEO Content Push")


async def test_tab_moves_to_the_panels_and_enter_on_a_risk_opens_it_in_the_register(
    app: MPMApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        focused = app.screen.focused
        assert isinstance(focused, PanelList)
        assert focused.parent is not None and focused.parent.id == "risks-panel"
        assert detail(app).startswith("Aurora Launch: Pricing is not final")
        await pilot.press("j")
        assert detail(app).startswith("Aurora Launch: Search cost per click")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectDetailScreen)
        assert screen.project_key == project_id("Aurora Launch")
        assert screen.tab == "tab-risks"
        current = screen.query_one(RiskRegister).current  # that risk, not the first row
        assert current is not None
        assert current.description.startswith("Search cost per click")


async def test_enter_on_a_load_line_opens_the_workload(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert detail(app).startswith("Alex Rivera: 3/2 days of work")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "workload"


async def test_a_shows_and_hides_finished_projects(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert names(app) == [*ACTIVE, "Product Webinar"]
        assert cells(app, 4)[1:3] == ["✓ done", "100% ████████"]
        assert "1 finished shown below (a hides them)" in screen_text(app)
        await pilot.press("a")
        assert names(app) == ACTIVE


async def test_reload_keeps_the_cursor_on_its_project_after_a_change(app: MPMApp) -> None:
    """A project starting earlier moves Aurora down a row: the cursor follows it."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        assert cursor_name(app) == "Aurora Launch"
        ctx = app.ctx
        goals.set_budget_spent(ctx, "Aurora Launch", "paid", 50000)
        budget = goals.list_budget("Aurora Launch")
        burn = sum(line.spent for line in budget) / sum(line.planned for line in budget)
        assert burn > 1
        projects.create_project(ctx, {"name": "[Q1] early", "start": date(2026, 1, 5)})
        dashboard(app).reload()
        await pilot.pause()
        assert names(app)[0] == "[Q1] early"
        assert cursor_name(app) == "Aurora Launch"
        assert table(app).cursor_row == 3
        assert cells(app, 3)[4] == f"⚠ {goals.format_share(burn)}"  # burn: over the plan
        assert "5 projects in progress" in screen_text(app)


async def test_coming_back_reads_changes_made_elsewhere(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        planning.add_risk(
            app.ctx,
            "Aurora Launch",
            {"description": "[legal] sign-off", "probability": 5, "impact": 5},
        )
        await pilot.press("escape")
        await pilot.pause()
        assert cursor_name(app) == "Aurora Launch"
        text = screen_text(app)
        assert "▲ 25  [legal] sign-off · Aurora Launch" in text  # as typed, not markup
        assert "Top risks  5 open" in text


async def test_the_palette_shows_a_finished_project(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.show_project(project_id("Product Webinar"))
        await pilot.pause()
        assert cursor_name(app) == "Product Webinar"
        assert isinstance(app.screen.focused, DataTable)
