"""The priority matrix: the projects still in play on impact × effort, and their scores.

The matrix shows every project that is not finished (planning, active and on
hold). On-hold projects stay on it on purpose: the matrix is where a team
decides whether to resume a paused project or let it go, so hiding them would
hide that decision; the screen dims them and says "on hold".

Read in two queries however many projects there are (the projects with their
owners, one grouped count over the tasks). The one write, `set_priority`,
goes through `projects.update_project`: the role check, the stale-version
check and the activity log are the project editor's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from mpm_tui.db.database import db
from mpm_tui.db.models import Member, Project
from mpm_tui.logic.priority import Quadrant, place, quadrant
from mpm_tui.schemas.enums import FINISHED_STATUSES, ProjectStatus, Role
from mpm_tui.schemas.views import ProjectView
from mpm_tui.services import projects
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.portfolio import TaskProgress, task_progress

EDITING = "edit projects"
"""What `projects.update_project` calls the change a viewer cannot make."""


@dataclass(frozen=True)
class MatrixProject:
    """One project on the matrix, with what its line and detail line show."""

    id: int
    name: str
    impact: int
    effort: int
    version: int
    status: ProjectStatus
    owner: str | None
    start: date | None
    end: date | None
    progress: TaskProgress

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.impact, self.effort)

    @property
    def paused(self) -> bool:
        """On hold: shown, but dimmed and marked."""
        return self.status == ProjectStatus.ON_HOLD


@dataclass(frozen=True)
class PriorityMatrix:
    """The four quadrants, each with its projects best first (empty ones included)."""

    quadrants: dict[Quadrant, tuple[MatrixProject, ...]]

    @property
    def projects(self) -> list[MatrixProject]:
        """Every project, quadrant by quadrant in reading order."""
        return [p for members in self.quadrants.values() for p in members]

    @property
    def paused(self) -> int:
        return sum(1 for p in self.projects if p.paused)

    def find(self, project_id: int) -> tuple[Quadrant, int] | None:
        """Which quadrant a project is in and where (None: not on the matrix)."""
        for where, members in self.quadrants.items():
            for index, project in enumerate(members):
                if project.id == project_id:
                    return where, index
        return None


def priority_matrix(today: date) -> PriorityMatrix:
    """Every unfinished project placed on impact × effort: two queries."""
    progress = task_progress(today)
    rows = (
        Project.select(Project, Member.name.alias("owner_name"))
        .join(Member, on=(Project.owner == Member.id), join_type=JOIN.LEFT_OUTER)
        .where(Project.status.not_in(FINISHED_STATUSES))
        .objects()
    )
    placed = place(
        MatrixProject(
            id=row.id,
            name=row.name,
            impact=row.impact,
            effort=row.effort,
            version=row.version,
            status=ProjectStatus(row.status),
            owner=row.owner_name,
            start=row.start,
            end=row.end,
            progress=progress.get(row.id, TaskProgress()),
        )
        for row in rows
    )
    return PriorityMatrix({where: tuple(members) for where, members in placed.items()})


def set_priority(
    ctx: ServiceContext,
    project_id: int,
    *,
    impact: int | None = None,
    effort: int | None = None,
    version: int | None = None,
) -> ProjectView:
    """Score a project's impact and/or effort (1–5 each).

    `version` is the project's version as the caller read it: a project
    changed since is refused with who changed it (None: no check)."""
    patch = {
        field: value
        for field, value in (("impact", impact), ("effort", effort))
        if value is not None
    }
    with db.atomic():
        ctx.require(Role.EDITOR, EDITING)
        if not patch:
            raise InvalidInput("project: give an impact, an effort or both (each 1–5)")
        row = Project.get_or_none(Project.id == project_id)
        if row is None:
            raise NotFound(f"no project with id {project_id}")
        return projects.update_project(ctx, row.name, patch, expected_version=version)
