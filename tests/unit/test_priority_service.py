"""The priority matrix service: which projects it shows, in how many queries, and
`set_priority` with the project editor's rules (role, version, 1–5, activity)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, Project
from mpm_tui.logic.priority import Quadrant
from mpm_tui.services import boards, members, priority, projects, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied, VersionConflict
from tests.conftest import FROZEN_NOW, refused

TODAY = FROZEN_NOW.date()


def project(name: str) -> Project:
    return Project.get(Project.name == name)


@pytest.fixture
def matrix_db(db_path: Path, admin: ServiceContext) -> Path:
    """Five projects: one per quadrant (one of them on hold), plus a cancelled and a done one."""
    members.create_member(admin, {"name": "Ana Ruiz"})
    boards.create_board(admin, {"name": "Main"})
    for name, impact, effort, status in [
        ("Easy Win", 5, 2, "active"),
        ("Big Bet", 5, 5, "planning"),
        ("Paused Rebrand", 4, 4, "on_hold"),
        ("Chore", 2, 2, "active"),
        ("Money Pit", 1, 5, "active"),
        ("Dropped", 5, 1, "active"),
        ("Shipped", 5, 1, "active"),
    ]:
        projects.create_project(
            admin,
            {
                "name": name,
                "impact": impact,
                "effort": effort,
                "status": status,
                "owner": "Ana Ruiz",
            },
        )
    projects.set_status(admin, "Dropped", "cancelled")
    Project.update(status="done").where(Project.name == "Shipped").execute()
    tasks.create_task(admin, {"title": "Write the brief", "project": "Easy Win"})
    return db_path


def names(matrix: priority.PriorityMatrix) -> dict[Quadrant, list[str]]:
    return {q: [p.name for p in ps] for q, ps in matrix.quadrants.items()}


def test_the_matrix_shows_unfinished_projects_in_their_quadrants(matrix_db: Path) -> None:
    matrix = priority.priority_matrix(TODAY)
    assert names(matrix) == {
        Quadrant.QUICK_WIN: ["Easy Win"],
        Quadrant.MAJOR: ["Big Bet", "Paused Rebrand"],
        Quadrant.FILL_IN: ["Chore"],
        Quadrant.RECONSIDER: ["Money Pit"],
    }
    paused = matrix.quadrants[Quadrant.MAJOR][1]
    assert paused.paused and paused.status == "on_hold"
    assert matrix.paused == 1
    easy = matrix.quadrants[Quadrant.QUICK_WIN][0]
    assert (easy.owner, easy.impact, easy.effort, easy.version) == ("Ana Ruiz", 5, 2, 1)
    assert (easy.progress.done, easy.progress.total) == (0, 1)
    assert matrix.find(paused.id) == (Quadrant.MAJOR, 1)
    assert matrix.find(project("Dropped").id) is None


def test_the_matrix_costs_two_queries_however_many_projects(
    matrix_db: Path, admin: ServiceContext
) -> None:
    with count_queries() as few:
        priority.priority_matrix(TODAY)
    for n in range(20):
        projects.create_project(admin, {"name": f"Extra {n}", "impact": 1 + n % 5})
        tasks.create_task(admin, {"title": f"Task {n}", "project": f"Extra {n}"})
    with count_queries() as many:
        matrix = priority.priority_matrix(TODAY)
    assert len(matrix.projects) == 25
    assert few.count == many.count == 2


def test_set_priority_moves_the_project_and_records_it(
    matrix_db: Path, editor: ServiceContext
) -> None:
    chore = project("Chore")
    view = priority.set_priority(editor, chore.id, impact=4, version=1)
    assert (view.impact, view.effort, view.version) == (4, 2, 2)
    assert names(priority.priority_matrix(TODAY))[Quadrant.QUICK_WIN] == ["Easy Win", "Chore"]
    entry = Activity.select().order_by(Activity.id.desc()).first()
    assert (entry.actor_name, entry.entity, entry.entity_id) == ("Test Editor", "project", chore.id)
    assert entry.summary == "edited project Chore: impact"
    assert (json.loads(entry.before), json.loads(entry.after)) == ({"impact": 2}, {"impact": 4})
    priority.set_priority(editor, chore.id, impact=1, effort=5, version=2)
    row = project("Chore")
    assert (row.impact, row.effort, row.version) == (1, 5, 3)
    matrix = priority.priority_matrix(TODAY)
    assert names(matrix)[Quadrant.RECONSIDER] == ["Chore", "Money Pit"]  # both 1 × 5: by name
    assert matrix.find(chore.id) == (Quadrant.RECONSIDER, 0)


def test_a_viewer_is_refused_and_nothing_changes(matrix_db: Path, viewer: ServiceContext) -> None:
    chore = project("Chore")
    refused(
        lambda: priority.set_priority(viewer, chore.id, impact=5, version=1),
        PermissionDenied,
        "Test Viewer is a viewer and cannot edit projects; that needs the editor role",
    )


def test_a_stale_version_is_refused_with_who_changed_it(
    matrix_db: Path, editor: ServiceContext
) -> None:
    chore = project("Chore")
    priority.set_priority(editor, chore.id, effort=3, version=1)  # someone else, first
    refused(
        lambda: priority.set_priority(editor, chore.id, impact=5, version=1),
        VersionConflict,
        "this project was changed by Test Editor at 09:30 — reloaded, try again",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"impact": 0}, "project: impact: input should be greater than or equal to 1 (got 0)"),
        ({"impact": 6}, "project: impact: input should be less than or equal to 5 (got 6)"),
        ({"effort": -2}, "project: effort: input should be greater than or equal to 1 (got -2)"),
        ({"effort": 9}, "project: effort: input should be less than or equal to 5 (got 9)"),
        ({}, "project: give an impact, an effort or both (each 1–5)"),
    ],
)
def test_scores_must_be_one_to_five(
    matrix_db: Path, editor: ServiceContext, fields: dict[str, int], message: str
) -> None:
    chore = project("Chore")
    refused(
        lambda: priority.set_priority(editor, chore.id, version=1, **fields),
        InvalidInput,
        message,
    )


def test_an_unknown_project_is_refused(matrix_db: Path, editor: ServiceContext) -> None:
    refused(
        lambda: priority.set_priority(editor, 999, impact=3), NotFound, "no project with id 999"
    )
