"""The priority matrix driven by real keys, on the demo workspace (Monday 2026-11-23).

The demo's projects in play: Aurora Launch 5×4, SEO Content Push 4×4 (on hold)
and Spring Trade Show 4×5 are major projects; Monthly Newsletter 3×2 is a
fill-in; quick wins and reconsider start empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets import Label

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Activity, Project
from mpm_tui.logic.priority import Quadrant
from mpm_tui.schemas.enums import Role
from mpm_tui.screens.choice_dialog import InputDialog
from mpm_tui.screens.priority_matrix import PriorityMatrixScreen
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.services import priority, projects
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import dump_database, frozen_clock
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SMALL = (80, 24)
NEWSLETTER = "Monthly Newsletter"

Q, M, F, R = Quadrant.QUICK_WIN, Quadrant.MAJOR, Quadrant.FILL_IN, Quadrant.RECONSIDER


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Callable[..., MPMApp]]:
    def build(**options: Any) -> MPMApp:
        return demo_app(tmp_path, **options)

    yield build
    close_database()


def row(name: str) -> Project:
    return Project.get(Project.name == name)


async def open_matrix(pilot: Any, app: MPMApp) -> PriorityMatrixScreen:
    await pilot.pause()
    app.push_screen(PriorityMatrixScreen(app.ctx))
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PriorityMatrixScreen)
    return screen


def at(screen: PriorityMatrixScreen) -> tuple[Quadrant, str | None]:
    project = screen.highlighted
    return screen.current, project.name if project else None


def dialog_error(app: MPMApp) -> str:
    return str(app.screen.query_one(".dialog-error", Label).content)


def messages(app: MPMApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_arrows_move_within_and_across_quadrants_and_tab_cycles(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_matrix(pilot, app)
        assert at(screen) == (M, "Aurora Launch")  # quick wins is empty: the first filled one
        text = screen_text(app)
        for line in ("★ Quick wins · 0", "◆ Major projects · 3", "○ Fill-ins · 1"):
            assert line in text, line
        assert "✗ Reconsider / defer · 0" in text
        assert "low effort (1–3)" in text and "high effort (4–5) →" in text
        assert "▸ ● 5×4 Aurora Launch" in text
        assert "Aurora Launch · ● active · impact 5 × effort 4" in text  # the detail line

        await pilot.press("down", "j")
        assert at(screen) == (M, "Spring Trade Show")
        assert "▸ ○ 4×5 Spring Trade Show" in screen_text(app)
        await pilot.press("down")  # past the last: the quadrant below
        await pilot.pause()
        assert at(screen) == (R, None)
        assert "✗ Reconsider / defer: no projects here" in screen_text(app)
        await pilot.press("h")
        assert at(screen) == (F, NEWSLETTER)
        await pilot.press("k")  # past the first: the quadrant above
        assert at(screen) == (Q, None)
        await pilot.press("right")
        assert at(screen) == (M, "Aurora Launch")
        await pilot.press("l")  # off the grid: stays
        assert at(screen) == (M, "Aurora Launch")
        await pilot.press("up")
        assert at(screen) == (M, "Aurora Launch")
        await pilot.press("tab")
        assert at(screen) == (F, NEWSLETTER)
        await pilot.press("tab", "tab")
        assert at(screen) == (Q, None)
        await pilot.press("shift+tab")
        assert at(screen) == (R, None)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PriorityMatrixScreen)


async def test_scoring_moves_the_project_and_writes_through_the_service(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_matrix(pilot, app)
        await pilot.press("tab")
        assert at(screen) == (F, NEWSLETTER)
        newsletter = row(NEWSLETTER)
        assert (newsletter.impact, newsletter.effort, newsletter.version) == (3, 2, 1)

        await pilot.press("shift+up")  # impact 3 → 4: a quick win
        await pilot.pause()
        assert at(screen) == (Q, NEWSLETTER)
        assert (row(NEWSLETTER).impact, row(NEWSLETTER).version) == (4, 2)
        entry = Activity.select().order_by(Activity.id.desc()).first()
        assert (entry.actor_name, entry.entity, entry.entity_id) == (
            "Maya Chen",
            "project",
            newsletter.id,
        )
        assert entry.summary == f"edited project {NEWSLETTER}: impact"
        assert f"{NEWSLETTER} is now in ★ Quick wins" in messages(app)
        text = screen_text(app)
        assert "★ Quick wins · 1" in text and "○ Fill-ins · 0" in text
        assert f"▸ ● 4×2 {NEWSLETTER}" in text

        await pilot.press("right_square_bracket", "shift+right")  # effort 2 → 4
        await pilot.pause()
        assert at(screen) == (M, NEWSLETTER)
        # 4×4: after Aurora 5×4, before SEO Content Push 4×4 (by name) and the Trade Show 4×5
        assert [p.name for p in screen.matrix.quadrants[M]].index(NEWSLETTER) == 1
        assert screen.rows[M] == 1
        await pilot.press("minus")  # impact 4 → 3: reconsider
        await pilot.pause()
        assert at(screen) == (R, NEWSLETTER)
        fresh = row(NEWSLETTER)
        assert (fresh.impact, fresh.effort, fresh.version) == (3, 4, 5)
        assert "✗ Reconsider / defer · 1" in screen_text(app)

        await pilot.press("shift+left")  # effort 4 → 3: back to a fill-in
        await pilot.press("minus", "minus", "minus")  # impact 3 → 0 is refused at 1
        await pilot.pause()
        assert (row(NEWSLETTER).impact, row(NEWSLETTER).effort) == (1, 3)
        assert "Impact is already 1, the lowest" in messages(app)
        assert at(screen) == (F, NEWSLETTER)


async def test_typing_a_score_checks_it_in_the_dialog(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_matrix(pilot, app)
        await pilot.press("e")  # Aurora Launch's effort
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        before = dump_database()
        await pilot.press("ctrl+a", "ctrl+k", "9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)  # stays open, says why
        assert dialog_error(app) == (
            "project: effort: input should be less than or equal to 5 (got 9)"
        )
        await pilot.press("ctrl+a", "ctrl+k", "x", "enter")
        await pilot.pause()
        assert dialog_error(app) == "effort: give a whole number from 1 to 5 (got 'x')"
        assert dump_database() == before
        await pilot.press("ctrl+a", "ctrl+k", "2", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert at(screen) == (Q, "Aurora Launch")
        assert (row("Aurora Launch").effort, row("Aurora Launch").version) == (2, 2)


async def test_a_viewer_is_told_why_and_nothing_changes(make: Any) -> None:
    app = make(user="grace")  # Grace Lindqvist, a viewer
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_matrix(pilot, app)
        assert screen.read_only
        assert "read-only" in screen_text(app)
        before = dump_database()
        await pilot.press("shift+up", "plus", "right_square_bracket", "i")
        await pilot.pause()
        assert app.screen is screen  # no dialog for a viewer
        refusal = "Grace Lindqvist is a viewer and cannot edit projects; that needs the editor role"
        assert messages(app) == [refusal] * 4
        assert dump_database() == before
        assert at(screen) == (M, "Aurora Launch")


async def test_a_stale_version_is_refused_then_the_matrix_is_read_again(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_matrix(pilot, app)
        other = ServiceContext(Actor("Leo Martins", Role.EDITOR), frozen_clock)
        aurora = row("Aurora Launch")
        priority.set_priority(other, aurora.id, effort=5, version=1)  # behind the screen's back
        await pilot.press("shift+up")  # the screen still has version 1... impact is 5 already
        await pilot.press("shift+down")  # impact 5 → 4 on a stale version
        await pilot.pause()
        assert messages(app)[-1] == (
            "this project was changed by Leo Martins at 09:30 — reloaded, try again"
        )
        fresh = row("Aurora Launch")
        assert (fresh.impact, fresh.effort, fresh.version) == (5, 5, 2)  # only Leo's change
        assert screen.highlighted is not None and screen.highlighted.effort == 5  # re-read
        await pilot.press("shift+down")  # now on the fresh version
        await pilot.pause()
        assert (row("Aurora Launch").impact, row("Aurora Launch").version) == (4, 3)


async def test_a_full_quadrant_scrolls_and_says_how_many_are_out_of_sight(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for n in range(12):
            projects.create_project(app.ctx, {"name": f"[Q4] win {n:02}", "impact": 5, "effort": 1})
        screen = await open_matrix(pilot, app)
        assert at(screen) == (Q, "[Q4] win 00")  # the first quadrant with projects
        text = screen_text(app)
        assert "★ Quick wins · 12" in text
        assert "↓4 more" in text  # eight lines fit at 80×24
        assert "[Q4] win 00" in text  # user text as typed, never markup
        for _ in range(11):
            await pilot.press("down")
        await pilot.pause()
        assert at(screen) == (Q, "[Q4] win 11")
        text = screen_text(app)
        assert "▸ ○ 5×1 [Q4] win 11" in text and "↑4 more" in text


async def test_a_wide_matrix_keeps_its_columns_as_the_cursor_moves(make: Any) -> None:
    app = make()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_matrix(pilot, app)
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert re.search(r"  ● 5×4 Aurora Launch +Maya Chen +9/39 done", text)
        assert re.search(r"▸ ‖ 4×4 SEO Content Push \(on hold\) +Sam Okafor +7/20 done", text)


async def test_a_click_moves_the_cursor_without_opening_the_project(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_matrix(pilot, app)
        await pilot.click("#quadrant-fill-in", offset=(6, 1))  # the first line inside
        await pilot.pause()
        assert at(screen) == (F, NEWSLETTER)
        assert app.screen is screen
        await pilot.click("#quadrant-quick-win", offset=(6, 1))  # "none": nothing to click
        await pilot.pause()
        assert at(screen) == (F, NEWSLETTER)


async def test_enter_opens_the_project_and_the_matrix_rereads_on_return(make: Any) -> None:
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_matrix(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        projects.update_project(app.ctx, "Aurora Launch", {"impact": 3})  # as if edited there
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert at(screen) == (R, "Aurora Launch")  # 3×4 now, still highlighted
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    for binding in PriorityMatrixScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("matrix."), binding
        assert binding.tooltip, binding
    changing = {b.action.split("(")[0] for b in PriorityMatrixScreen.BINDINGS} & (
        PriorityMatrixScreen.CHANGING_ACTIONS
    )
    assert changing == PriorityMatrixScreen.CHANGING_ACTIONS
