"""The timeline's data and the schedule worked out from it (screen and CLI alike).

`load_timeline` reads projects, tasks, milestones, dependencies and holidays
in seven queries whatever the workspace's size; `schedule_of` runs the
critical path method (`logic.schedule`) over them. Dates change through
`tasks.update_task`, so the same rules and the same version check apply.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from peewee import JOIN, fn

from mpm_tui.db.models import (
    BoardColumn,
    Dependency,
    Holiday,
    Member,
    Milestone,
    MilestoneDependency,
    Project,
    Task,
)
from mpm_tui.logic.schedule import (
    PlanMilestone,
    PlanTask,
    Schedule,
    compute_schedule,
)
from mpm_tui.schemas.enums import FINISHED_STATUSES, Priority, ProjectStatus
from mpm_tui.schemas.timeline import (
    TimelineData,
    TimelineMilestone,
    TimelineProject,
    TimelineTask,
)
from mpm_tui.services import tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.lookups import project_named
from mpm_tui.services.raw import raw_rows, read_date


def load_timeline(*, project: str | None = None, include_finished: bool = False) -> TimelineData:
    """Projects in progress (or one, by name) with their tasks and milestones.

    Tasks without a project come along when no project is named: they are
    grouped under project id None. Cancelled tasks never do.
    """
    project_where = Project.id.is_null(False)
    if project is not None:
        project_where = Project.id == project_named(project).id
    elif not include_finished:
        project_where = Project.status.not_in(FINISHED_STATUSES)
    owner = Member.alias("owner")
    project_rows = raw_rows(
        Project.select(
            Project.id, Project.name, Project.status, Project.start, Project.end, owner.name
        )
        .join(owner, JOIN.LEFT_OUTER, on=(Project.owner == owner.id))
        .where(project_where)
        .order_by(Project.start.is_null(), Project.start, Project.name)
    )
    projects = tuple(
        TimelineProject(pid, name, ProjectStatus(status), read_date(start), read_date(end), who)
        for pid, name, status, start, end, who in project_rows
    )
    task_where = Task.cancelled_at.is_null() & (
        Task.project.in_(Project.select(Project.id).where(project_where))
        | (Task.project.is_null() if project is None else False)
    )
    first_column = {
        board: position
        for board, position in raw_rows(
            BoardColumn.select(BoardColumn.board, fn.MIN(BoardColumn.position)).group_by(
                BoardColumn.board
            )
        )
    }
    task_rows = raw_rows(
        Task.select(
            Task.id,
            Task.title,
            Task.project,
            owner.name,
            BoardColumn.name,
            BoardColumn.board,
            BoardColumn.position,
            BoardColumn.is_done,
            Task.start,
            Task.due,
            Task.estimate_days,
            Task.completed_at,
            Task.blocked,
            Task.priority,
            Task.version,
        )
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .switch(Task)
        .join(owner, JOIN.LEFT_OUTER, on=(Task.owner == owner.id))
        .where(task_where)
        .order_by(Task.id)
    )
    task_list = tuple(
        TimelineTask(
            id=tid,
            title=title,
            project_id=pid,
            owner=who,
            column=column,
            start=read_date(start),
            due=read_date(due),
            estimate_days=estimate,
            done=bool(is_done) or completed is not None,
            started=bool(is_done) or completed is not None or position > first_column[board],
            blocked=bool(blocked),
            priority=Priority(priority),
            version=version,
        )
        for (
            tid,
            title,
            pid,
            who,
            column,
            board,
            position,
            is_done,
            start,
            due,
            estimate,
            completed,
            blocked,
            priority,
            version,
        ) in task_rows
    )
    successor = Task.alias("successor")
    dependencies = tuple(
        (pred, succ)
        for pred, succ in raw_rows(
            Dependency.select(Dependency.predecessor, Dependency.successor)
            .join(successor, on=(Dependency.successor == successor.id))
            .where(successor.id.in_(Task.select(Task.id).where(task_where)))
            .order_by(Dependency.predecessor, Dependency.successor)
        )
    )
    after: dict[int, list[int]] = {}
    for milestone, task in raw_rows(
        MilestoneDependency.select(MilestoneDependency.milestone, MilestoneDependency.task)
        .join(Milestone)
        .switch(MilestoneDependency)
        .join(Task, on=(MilestoneDependency.task == Task.id))
        .where(
            Milestone.project.in_(Project.select(Project.id).where(project_where))
            & Task.cancelled_at.is_null()  # a task cut by a scope change no longer counts
        )
        .order_by(MilestoneDependency.task)
    ):
        after.setdefault(milestone, []).append(task)
    milestones = tuple(
        TimelineMilestone(
            mid, pid, name, read_date(day), kind, reached is not None, tuple(after.get(mid, ()))
        )
        for mid, pid, name, day, kind, reached in raw_rows(
            Milestone.select(
                Milestone.id,
                Milestone.project,
                Milestone.name,
                Milestone.date,
                Milestone.kind,
                Milestone.reached_at,
            )
            .where(Milestone.project.in_(Project.select(Project.id).where(project_where)))
            .order_by(Milestone.date, Milestone.id)
        )
    )
    holidays = frozenset(read_date(day) for (day,) in raw_rows(Holiday.select(Holiday.date)))
    return TimelineData(projects, task_list, milestones, dependencies, holidays)  # type: ignore[arg-type]


def schedule_of(data: TimelineData, today: date) -> Schedule:
    """The critical path method over the timeline's tasks, each project apart."""
    return compute_schedule(
        [  # positional: keywords cost twice as much, and there can be 10,000 of them
            PlanTask(
                t.id, t.title, t.start, t.due, t.estimate_days, t.project_id, t.done, t.started
            )
            for t in data.tasks
        ],
        data.dependencies,
        (
            PlanMilestone(m.id, m.name, m.date, m.project_id, m.after, m.reached)
            for m in data.milestones
        ),
        today=today,
        holidays=data.holidays,
        starts={p.id: p.start for p in data.projects if p.start is not None},
        deadlines={p.id: p.end for p in data.projects if p.end is not None},
    )


def set_dates(
    ctx: ServiceContext, task: TimelineTask, start: date | None, due: date | None
) -> TimelineTask:
    """Save new dates for a task shown on the timeline (refused if it changed since)."""
    saved = tasks.update_task(
        ctx, task.id, {"start": start, "due": due}, expected_version=task.version
    )
    return replace(task, start=saved.start, due=saved.due, version=saved.version)


def project_schedule(name: str, today: date) -> tuple[TimelineData, Schedule]:
    """One project's timeline data and schedule: what `mpm schedule` prints."""
    data = load_timeline(project=name)
    return data, schedule_of(data, today)
