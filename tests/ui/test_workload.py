"""The workload driven by real keys, checked against the database and the screen.

The team (tests/ui/plan_workload.py), today Monday 2026-11-23:

    Ann Lee   6/5 ▲   2/5 ○   0/4 ·      Bo Chan  3/5 ○  0/5 ·  0/4 ·   (+ 1 d no dates)
    Cy Dee  0/2.5 ·  2/2.5 ○  0/2 ·      Ed Fox   1/3 ○  0/3 ·  0/2.4 · (Acme Agency)
    Unassigned  ·       2       ·
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.db.models import Member, Task
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.screens.choice_dialog import ChoiceDialog
from mpm_tui.screens.workload import WorkloadScreen
from mpm_tui.screens.workload_filter import WorkloadFilterDialog
from mpm_tui.widgets.workload_grid import WorkloadGrid
from tests.conftest import dump_database
from tests.ui.flow_board import screen_text
from tests.ui.plan_workload import SIZE, build_team, make_app


@pytest.fixture
def team_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "team.db"
    build_team(path)
    yield path
    close_database()


def grid(app: MPMApp) -> WorkloadGrid:
    return app.screen.query_one(WorkloadGrid)


def row_of(app: MPMApp, name: str) -> list[str]:
    """The cells of the screen line that starts with `name`, split on runs of spaces."""
    for line in screen_text(app).splitlines():
        if line.strip().startswith(name):
            return [part.strip() for part in line.strip()[len(name) :].split("  ") if part.strip()]
    raise AssertionError(f"no row {name!r} on screen")


def owner_of(title: str) -> str | None:
    task = Task.get(Task.title == title)
    return Member.get_by_id(task.owner_id).name if task.owner_id else None


def panel_titles(app: MPMApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, WorkloadScreen)
    return [task.title for task in screen.panel_tasks]


async def go_to(pilot, app: MPMApp, name: str, week: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor onto `name`'s row (or "Unassigned") and the `week`-th week."""
    for _ in range(12):
        line = grid(app).current
        if line is not None and line.label == name:
            break
        await pilot.press("j")
    else:
        raise AssertionError(f"no row {name!r}")
    while grid(app).week < week:
        await pilot.press("l")
    while grid(app).week > week:
        await pilot.press("h")
    await pilot.pause()


async def test_opens_with_the_team_grouped_and_each_week_against_capacity(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Internal" in text and "External · Acme Agency" in text
        assert "Vic Roe" not in text  # no capacity, no work: not part of the delivery team
        header = row_of(app, "Member")
        assert header[:4] == ["WIP", "Nov 23", "Nov 30", "Dec 7"]
        assert row_of(app, "Ann Lee")[:4] == ["1●", "6/5 ▲", "2/5 ○", "0/4 ·"]
        assert row_of(app, "Bo Chan")[:4] == ["1●", "3/5 ○", "0/5 ·", "0/4 ·"]
        assert row_of(app, "Cy Dee")[:4] == ["0", "0/2.5 ·", "2/2.5 ○", "0/2 ·"]
        assert row_of(app, "Ed Fox")[:3] == ["0", "1/3 ○", "0/3 ·"]
        assert row_of(app, "Unassigned")[:3] == ["·", "2", "·"]
        assert row_of(app, "Total")[:2] == ["10/15.5", "6/15.5"]  # no room for the symbols
        # The first cell is focused and explained under the heatmap.
        assert grid(app).current.label == "Ann Lee"  # type: ignore[union-attr]
        assert "Ann Lee · week of Nov 23 · 6/5 ▲ (120%) · 3 tasks" in text
        assert panel_titles(app) == ["Brief", "Copy", "Outline"]
        assert "read-only" not in text


async def test_moving_the_cursor_explains_each_cell(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "Bo Chan")
        assert panel_titles(app) == ["Design", "Research"]
        text = screen_text(app)
        assert "Bo Chan · week of Nov 23 · 3/5 ○ (60%) · 2 tasks" in text
        assert "1 d undated" in text
        assert "#4 Design · Launch · 2 d · due Nov 27 · To Do" in text
        await go_to(pilot, app, "Cy Dee", week=1)
        assert panel_titles(app) == ["Site"]
        await go_to(pilot, app, "Cy Dee", week=2)
        assert "capacity 2 of 2.5 (holidays, time off)" in screen_text(app)
        await go_to(pilot, app, "Unassigned", week=1)
        assert panel_titles(app) == ["Press"]
        await pilot.press("end", "home")
        assert grid(app).current.label == "Ann Lee"  # type: ignore[union-attr]


async def test_enter_lists_the_tasks_then_opens_one(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        task_list = app.screen.query_one("#panel-tasks")
        assert task_list.has_focus
        await pilot.press("down", "enter")  # Copy
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        assert app.screen.task_id == Task.get(Task.title == "Copy").id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkloadScreen)
        await pilot.press("escape")  # from the list back to the heatmap
        assert grid(app).has_focus


async def test_reassign_gives_the_task_away_and_both_rows_update(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")  # three tasks: choose one in the list first
        assert not isinstance(app.screen, ChoiceDialog)
        assert app.screen.query_one("#panel-tasks").has_focus
        await pilot.press("r")  # Brief, the first
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        names = [name for _label, name in dialog.choices]
        # Least busy first in the week of Nov 23; the owner is not offered.
        assert names == ["Cy Dee", "Ed Fox", "Bo Chan"]
        await pilot.press("enter")  # Cy Dee
        await pilot.pause()
        assert owner_of("Brief") == "Cy Dee"
        assert row_of(app, "Ann Lee")[1] == "3/5 ○"
        assert row_of(app, "Cy Dee")[1] == "3/2.5 ▲"
        assert grid(app).current.label == "Ann Lee"  # type: ignore[union-attr]
        assert panel_titles(app) == ["Copy", "Outline"]


async def test_reassign_obeys_the_per_person_limit(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter", "down", "down")  # Outline, In Progress
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        before = dump_database()
        for _ in range([name for _label, name in dialog.choices].index("Bo Chan")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert dump_database() == before
        assert owner_of("Outline") == "Ann Lee"
        assert "Bo Chan already holds 1 card in 'In Progress'" in screen_text(app)
        assert row_of(app, "Ann Lee")[1] == "6/5 ▲"


async def test_read_only_refuses_every_changing_key(team_db: Path) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkloadScreen)
        before = dump_database()
        footer = screen.query_one("Footer")
        assert "read-only" in screen_text(app).splitlines()[-1]
        changing = [
            binding
            for _node, binding, *_ in screen.active_bindings.values()
            if binding.action in WorkloadScreen.CHANGING_ACTIONS
        ]
        assert [binding.key for binding in changing] == ["r"]
        assert all(
            "-disabled" in key.classes
            for key in footer.query("FooterKey")
            if key.action in WorkloadScreen.CHANGING_ACTIONS
        )
        await go_to(pilot, app, "Cy Dee", week=1)  # one task: r would act at once
        for binding in changing:
            await pilot.press(binding.key)
        await pilot.press("enter")  # and from the task list
        for binding in changing:
            await pilot.press(binding.key)
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        said = [note.message for note in app._notifications]
        assert len(said) == 2
        assert all("is a viewer (read-only session) and cannot edit tasks" in m for m in said)
        assert dump_database() == before


async def test_brackets_shift_the_weeks_and_t_comes_back(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert row_of(app, "Member")[1] == "Nov 30"
        assert row_of(app, "Ann Lee")[1] == "2/5 ○"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert row_of(app, "Member")[1] == "Nov 16"
        await pilot.press("t")
        await pilot.pause()
        assert row_of(app, "Member")[1] == "Nov 23"
        # Moving past the last week shifts the weeks too, keeping the cursor at the edge.
        for _ in range(8):
            await pilot.press("l")
        await pilot.pause()
        assert grid(app).week == 7
        assert row_of(app, "Member")[1] == "Nov 30"


async def test_filter_by_team_then_clear(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WorkloadFilterDialog)
        await pilot.press("tab", "tab")  # project, board, then the people
        await pilot.press("enter", "down", "down", "enter")  # agencies and vendors
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [line.label for line in grid(app).lines] == ["External · Acme Agency", "Ed Fox"]
        assert row_of(app, "Total")[:2] == ["1/3 ○", "0/3 ·"]  # no unassigned work in it
        assert "filter: external members (x clears)" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert row_of(app, "Ann Lee")[1] == "6/5 ▲"
        assert "filter:" not in screen_text(app)


async def test_a_change_elsewhere_shows_when_coming_back(team_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        from mpm_tui.services import tasks

        tasks.update_task(app.ctx, Task.get(Task.title == "Brief").id, {"owner": "Bo Chan"})
        await pilot.press("3")
        await pilot.pause()
        assert row_of(app, "Bo Chan")[1] == "6/5 ▲"
