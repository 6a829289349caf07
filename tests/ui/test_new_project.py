"""A project from each built-in template, made with real keys in the "new project" form
on the demo workspace (Monday 2026-11-23), and read back from the database.

The form is what `n` on the dashboard opens. Each template is laid out from a
launch on Wednesday 2027-01-13, so every plan runs over the demo's holiday on
Thursday 2027-01-07: every task of the template lands in the board's first column with the
working-day dates `lay_out` gives
(itself tested against a hand-counted calendar in tests/unit/test_templates.py),
the template's dependencies between the same tasks, and its milestones.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from mpm_tui.app import MPMApp
from mpm_tui.config import paths
from mpm_tui.db.database import close_database
from mpm_tui.db.models import (
    BoardColumn,
    Dependency,
    Kpi,
    Milestone,
    Project,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.template_layout import lay_out
from mpm_tui.screens.card_dialogs import ConfirmDialog
from mpm_tui.screens.dashboard import DashboardScreen
from mpm_tui.screens.new_project import NewProjectDialog
from mpm_tui.screens.priority_matrix import PriorityMatrixScreen
from mpm_tui.services import planning, templates
from tests.conftest import dump_database
from tests.snapshots.snapshot_app import demo_app
from tests.ui.flow_board import screen_text

SIZE = (100, 32)
LAUNCH = date(2027, 1, 13)
BUILT_IN = ("ad-campaign", "case-study", "landing-page", "newsletter", "webinar")


@pytest.fixture
def make(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    def build(**options: object) -> MPMApp:
        return demo_app(tmp_path, **options)  # type: ignore[arg-type]

    yield build
    close_database()


async def open_form(pilot, app: MPMApp) -> NewProjectDialog:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app.push_screen(NewProjectDialog(app.ctx))
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, NewProjectDialog)
    return screen


async def fill(pilot, position: int, name: str, launch: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight the template at `position`, then type the name and the launch."""
    await pilot.press(*["down"] * position, "enter")
    await pilot.press(*name, "tab", *launch)
    await pilot.pause()


@pytest.mark.parametrize("template", BUILT_IN)
async def test_a_project_from_each_built_in_template(make, template: str) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    spec = templates.load_template(template)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        await fill(pilot, BUILT_IN.index(template), f"Made from {template}", "2027-01-13")
        preview = str(form.query_one("#preview").content)
        assert f"{len(spec.tasks)} tasks" in preview and "Wed 13 Jan 2027" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewProjectDialog)

    project = Project.get(Project.name == f"Made from {template}")
    assert project.kind == spec.kind
    rows = list(Task.select().where(Task.project == project))
    assert len(rows) == len(spec.tasks)
    first_column = BoardColumn.select().order_by(BoardColumn.position).first()
    assert {task.column_id for task in rows} == {first_column.id}

    holidays = planning.holidays()
    assert date(2027, 1, 7) in holidays  # a demo holiday inside every plan: skipped
    plan = lay_out(spec, LAUNCH, holidays)
    by_title = {task.title: task for task in rows}
    for task, (start, due) in zip(spec.tasks, plan.tasks, strict=True):
        stored = by_title[task.title]
        assert (stored.start, stored.due) == (start, due), task.title
        assert stored.estimate_days == task.estimate
    assert (project.start, project.end) == (plan.start, plan.end)

    stored_edges = {
        (edge.predecessor.title, edge.successor.title)
        for edge in Dependency.select().join(Task, on=Dependency.successor == Task.id)
        if edge.successor.project_id == project.id
    }
    wanted = {(before, task.title) for task in spec.tasks for before in task.after}
    assert stored_edges == {
        (by_title_case(by_title, a), by_title_case(by_title, b)) for a, b in wanted
    }
    assert wanted  # every built-in template has dependencies

    milestones = {m.name: m.date for m in Milestone.select().where(Milestone.project == project)}
    assert milestones == {
        m.name: day for m, day in zip(spec.milestones, plan.milestones, strict=True)
    }
    assert Kpi.select().where(Kpi.project == project).count() == len(spec.kpis)


def by_title_case(by_title: dict[str, Task], title: str) -> str:
    """The stored title a template's `after` names (the template may differ in case)."""
    return next(t for t in by_title if t.casefold() == title.casefold())


async def test_the_launch_day_lays_out_the_plan_and_one_on_a_weekend_is_refused(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        before = dump_database()
        await fill(pilot, BUILT_IN.index("newsletter"), "Weekend launch", "2027-01-16")
        text = screen_text(app)
        assert "2027-01-16 is a Saturday, not a working day" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, with the reason
        assert "(the next one is Mon 2027-01-18)" in str(form.query_one("#preview").content)
        assert dump_database() == before

        await pilot.press("ctrl+a", "ctrl+k", *"2027-01-18")
        await pilot.pause()
        assert "Mon 18 Jan 2027" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, NewProjectDialog)
    assert Project.get(Project.name == "Weekend launch").end >= date(2027, 1, 18)


async def test_roles_map_to_the_members_chosen(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    spec = templates.load_template("newsletter")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        await fill(pilot, BUILT_IN.index("newsletter"), "Roles mapped", "2027-01-13")
        writer = form.query_one("#role-writer")
        writer.focus()
        await pilot.press("enter")  # open the picker
        await pilot.pause()
        await pilot.press(*"Tom", "enter")  # type to jump to Tom, enter takes him
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NewProjectDialog)

    project = Project.get(Project.name == "Roles mapped")
    assert project.owner.name == app.ctx.actor.name  # the person creating it, by default
    written = {task.title for task in spec.tasks if task.role == "writer"}
    assert written
    for task in Task.select().where(Task.project == project):
        if task.title in written:
            assert task.owner.name.startswith("Tom"), task.title
            links = TaskCollaborator.select().where(TaskCollaborator.task == task)
            assert {(c.member.name, c.role) for c in links} == {(task.owner.name, "writer")}


async def test_a_name_already_taken_is_refused_in_the_form(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        before = dump_database()
        await fill(pilot, 0, "Aurora Launch", "2027-01-13")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "'Aurora Launch' already exists" in str(form.query_one("#error").content)
        assert dump_database() == before
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NewProjectDialog)
    assert dump_database() == before


async def test_n_on_the_dashboard_creates_and_shows_the_new_project(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NewProjectDialog)
        await fill(pilot, BUILT_IN.index("webinar"), "January webinar", "2027-01-13")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        table = app.screen.query_one("#portfolio", DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        project = Project.get(Project.name == "January webinar")
        assert key == str(project.id)  # the cursor is on the new project
        assert "January webinar" in screen_text(app)


async def test_a_viewer_cannot_open_the_form(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard", read_only=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = dump_database()
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NewProjectDialog)
        assert any("cannot create projects" in n.message for n in app._notifications)
        assert dump_database() == before


async def test_m_on_the_dashboard_opens_the_priority_matrix(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PriorityMatrixScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_a_project_saved_as_a_template_is_offered_by_the_form(make) -> None:  # type: ignore[no-untyped-def]
    app = make(mode="board")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_project("Monthly Newsletter")
        await pilot.pause()
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"our-issue", "enter")
        await pilot.pause()
        path = paths().templates_dir / "our-issue.toml"
        saved = templates.read_template(path)
        project = Project.get(Project.name == "Monthly Newsletter")
        assert len(saved.tasks) == Task.select().where(Task.project == project).count()
        assert any(n.title == "Template saved" for n in app._notifications)

        await pilot.press("T")  # again, same name: asks before replacing
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"our-issue", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()

        await pilot.press("escape")
        await pilot.pause()
        form = await open_form(pilot, app)
        names = [template.name for template, _ in form.catalogue]
        assert "our-issue" in names
