"""The risk register on the project detail's Risks tab, driven by real keys on the demo
workspace (Monday 2026-11-23).

Aurora Launch has three risks, in the register's order: pricing not final
(4 × 5 = 20, open), search cost per click (3 × 3 = 9, open), the explainer video
overrunning (3 × 3 = 9, mitigated). Every test reads the database back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Project, Risk
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.choice_dialog import ChoiceDialog
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.screens.project_risks import RiskRegister
from mpm_tui.screens.project_risks_form import RiskForm
from tests.conftest import dump_database
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SIZE = (100, 30)
AURORA = "Aurora Launch"
PRICING = "Pricing is not final two weeks before launch"
SEARCH = "Search cost per click well above plan"
VIDEO = "Explainer video overruns: the agency is also editing the case study"


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[..., MPMApp]]:
    def build(**options: object) -> MPMApp:
        return demo_app(tmp_path, **options)  # type: ignore[arg-type]

    yield build
    close_database()


def aurora_risks() -> list[tuple[str, int, int, str]]:
    """(description, probability, impact, status) of Aurora's risks, by id."""
    project = Project.get(Project.name == AURORA)
    return [
        (r.description, r.probability, r.impact, r.status)
        for r in Risk.select().where(Risk.project == project).order_by(Risk.id)
    ]


async def open_risks(pilot, app: MPMApp) -> RiskRegister:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.open_project(AURORA, tab="risks")
    await pilot.pause()
    assert isinstance(app.screen, ProjectDetailScreen)
    return app.screen.query_one(RiskRegister)


def shown(register: RiskRegister) -> list[str]:
    """The descriptions in the table's order, and the highlighted one."""
    return [risk.description for risk in register.risks]


async def test_the_register_in_order_from_the_tab_bar_and_not_on_the_plan_tab(
    make: Callable[..., MPMApp],
) -> None:
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_project(AURORA)
        await pilot.pause()
        await pilot.press("right", "right", "right")  # Goals, Budget, Plan
        await pilot.pause()
        text = screen_text(app)
        assert "Milestones" in text and "Pricing" not in text
        await pilot.press("right")  # Risks
        await pilot.pause()
        register = app.screen.query_one(RiskRegister)
        assert shown(register) == [PRICING, SEARCH, VIDEO]
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "▲ 20" in line or "◆  9" in line]
        assert [row.split()[:4] for row in rows[:3]] == [
            ["▲", "20", "4", "5"],
            ["◆", "9", "3", "3"],
            ["◆", "9", "3", "3"],
        ]
        assert "◐ mitigated" in rows[2]
        assert "Response: Escalate to the product lead" in text  # the highlighted one in full
        assert "probability 4 likely × impact 5 severe" in text


async def test_open_project_on_a_tab_by_name(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await open_risks(pilot, app)
        assert app.screen.query_one("#project-tabs").active == "tab-risks"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        app.open_project(AURORA, tab="nonsense")
        await pilot.pause()
        assert app.screen.query_one("#project-tabs").active == "tab-overview"  # type: ignore[attr-defined]


async def test_add_a_risk_with_the_form(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_risks(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RiskForm)
        await pilot.press(*"Launch slips a week")
        await pilot.press("tab", "enter", "down", "down", "enter")  # probability 3 → 5
        await pilot.press("tab", "enter", "down", "enter")  # impact 3 → 4
        await pilot.press("tab", *"Keep a plan B date")
        await pilot.pause()
        assert "score ▲ 20 high" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert aurora_risks()[-1] == ("Launch slips a week", 5, 4, "open")
        assert Risk.select().order_by(Risk.id.desc()).first().response == "Keep a plan B date"
        # 5 × 4 ties with pricing's 4 × 5: the likelier first, and the cursor is on it.
        assert shown(register) == ["Launch slips a week", PRICING, SEARCH, VIDEO]
        assert register.current is not None
        assert register.current.description == "Launch slips a week"
        assert "Response: Keep a plan B date" in screen_text(app)
        assert app.screen.changed


async def test_a_refusal_stays_in_the_form_until_fixed(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        await open_risks(pilot, app)
        before = dump_database()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # no description
        await pilot.pause()
        assert isinstance(app.screen, RiskForm)
        assert "risk: description: must not be empty" in screen_text(app)
        assert dump_database() == before
        await pilot.press(*"Venue floods", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert aurora_risks()[-1] == ("Venue floods", 3, 3, "open")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Never saved", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert "Never saved" not in [r[0] for r in aurora_risks()]


async def test_edit_the_highlighted_risk_with_enter(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_risks(pilot, app)
        await pilot.press("tab", "down")  # into the table, the search-cost risk
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RiskForm)
        assert form.values()["description"] == SEARCH
        assert form.values()["owner"] == "Tom Becker"
        await pilot.press("ctrl+a", "ctrl+k", *"Search costs twice the plan", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert ("Search costs twice the plan", 3, 3, "open") in aurora_risks()
        assert register.current is not None
        assert register.current.description == "Search costs twice the plan"


async def test_plus_and_greater_move_the_risk_and_the_cursor_follows(
    make: Callable[..., MPMApp],
) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        register = await open_risks(pilot, app)
        await pilot.press("tab", "down")  # search cost, 3 × 3
        await pilot.press("greater_than_sign", "greater_than_sign", "plus", "plus")
        await pilot.pause()
        assert (SEARCH, 5, 5, "open") in aurora_risks()
        assert shown(register) == [SEARCH, PRICING, VIDEO]
        assert register.current is not None and register.current.description == SEARCH
        before = dump_database()
        await pilot.press("plus")  # already 5
        await pilot.pause()
        assert "already 5, the highest" in screen_text(app)
        assert dump_database() == before
        await pilot.press("minus", "less_than_sign")
        await pilot.pause()
        assert (SEARCH, 4, 4, "open") in aurora_risks()


async def test_status_change_moves_the_risk_down(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_risks(pilot, app)
        await pilot.press("s")  # on pricing, the first row
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "down", "down", "enter")  # open → closed
        await pilot.pause()
        assert (PRICING, 4, 5, "closed") in aurora_risks()
        assert shown(register) == [SEARCH, VIDEO, PRICING]
        assert register.current is not None and register.current.description == PRICING
        assert "✓ closed" in screen_text(app)


async def test_delete_asks_first(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        register = await open_risks(pilot, app)
        before = dump_database()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert dump_database() == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [r[0] for r in aurora_risks()] == [VIDEO, SEARCH]
        assert shown(register) == [SEARCH, VIDEO]
        assert PRICING not in screen_text(app)


async def test_a_viewer_is_told_why_and_nothing_changes(make: Callable[..., MPMApp]) -> None:
    app = make(mode="board", read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_risks(pilot, app)
        assert "read-only" in screen_text(app)
        before = dump_database()
        for key in ("a", "e", "plus", "greater_than_sign", "s", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ProjectDetailScreen), key
        assert "cannot change risks" in screen_text(app)
        assert dump_database() == before
