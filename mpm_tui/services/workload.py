"""The workload of the team: one read in a constant number of queries, then one pass.

`load_window` reads the collaborator share, members, time off, holidays,
open tasks, the cards in progress per column and, when collaborators carry
a share, who collaborates on what (six queries, or seven, whatever the
number of tasks) and spreads the work with `logic.workload` over the weeks
asked for and `margin` weeks either side. Any run of those weeks is then a
`WorkloadWindow.view` without reading again: the screen moves through the
weeks that way, and reads again only when it runs off the window.
`load_workload` is the window of just the weeks asked for; the screen and
`mpm report workload` print the same numbers. Reassigning goes through
`tasks.update_task`: the version check and the per-person limits hold from
here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from peewee import JOIN, fn

from mpm_tui.db.models import (
    Board,
    BoardColumn,
    Holiday,
    Member,
    Project,
    Task,
    TaskCollaborator,
    TimeOff,
)
from mpm_tui.logic.workdays import week_start
from mpm_tui.logic.workload import (
    Person,
    Shared,
    Work,
    Workload,
    compute_workload,
    horizon,
)
from mpm_tui.schemas.enums import FINISHED_STATUSES
from mpm_tui.schemas.views import TaskView
from mpm_tui.schemas.workload import Team, Wip, WorkloadFilter, WorkloadView, WorkTask
from mpm_tui.services import settings, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.lookups import board_named, project_named
from mpm_tui.services.raw import raw_rows, read_date

SHARE_KEY = "workload.collaborator_share"
MARGIN = 13
"""Weeks the screen reads either side of the ones it shows (a quarter): `[` and `]`
move through them without reading again."""
KEPT_VIEWS = 8
"""Views a window keeps once cut (the latest): moving back and forth costs nothing."""


@dataclass(frozen=True)
class WorkloadWindow:
    """The workload of a run of weeks, read once: any weeks inside it are a `view`."""

    start: date
    """The Monday of the window's first week."""
    workload: Workload
    """Every member of the team over every week of the window (not narrowed yet)."""
    tasks: dict[int, WorkTask]
    wip: dict[int, Wip]
    share: float
    where: WorkloadFilter
    inactive: frozenset[int]
    """Members no longer active: shown only while they hold work in the weeks shown."""
    _shared: dict[tuple[tuple[int, ...], bool], Shared] = field(default_factory=dict, compare=False)
    """The cells and week totals of the views, by the people they show (`Workload.sliced`)."""
    _views: dict[tuple[int, int], WorkloadView] = field(default_factory=dict, compare=False)
    """The latest views cut, the most recent last (`KEPT_VIEWS`)."""

    @property
    def weeks(self) -> int:
        return len(self.workload.weeks)

    def offset(self, first: date) -> int:
        """The index in the window of the week holding `first` (outside: < 0 or past it)."""
        return (week_start(first) - self.start).days // 7

    def room(self, first: date, weeks: int) -> int:
        """Weeks left in the window beyond the `weeks` from `first` on its nearer side
        (negative: they are not all inside it)."""
        start = self.offset(first)
        return min(start, self.weeks - start - weeks)

    def covers(self, first: date, weeks: int) -> bool:
        return self.room(first, weeks) >= 0

    def view(self, first: date, weeks: int) -> WorkloadView:
        """The `weeks` weeks from the week holding `first`: the same view as
        `load_workload(first, weeks, where)` read now, without a query."""
        if not self.covers(first, weeks):
            raise ValueError(f"{weeks} weeks from {first} are not all in the window read")
        key = (self.offset(first), weeks)
        found = self._views.pop(key, None) or self._view(*key)
        self._views[key] = found
        if len(self._views) > KEPT_VIEWS:
            del self._views[next(iter(self._views))]
        return found

    def _view(self, start: int, weeks: int) -> WorkloadView:
        everyone = self.workload
        # Someone who left, or who has no capacity (a stakeholder who only looks),
        # shows only while they hold open work; unassigned work belongs to no side
        # of the team, so a team filter leaves it out (of the totals too).
        shown = tuple(
            p
            for p in everyone.people
            if (p.id not in self.inactive and p.capacity > 0) or self._carries(p.id, start, weeks)
        )
        unassigned = self.where.team is Team.ALL
        shared = self._shared.setdefault((tuple(p.id for p in shown), unassigned), Shared())
        workload = everyone.sliced(start, weeks, shown, unassigned=unassigned, shared=shared)
        return WorkloadView(
            workload, self.tasks, self.wip, self.share, self.where, show_unassigned=unassigned
        )

    def _carries(self, who: int, start: int, weeks: int) -> bool:
        """`who` holds open work in these weeks, or work with no dates."""
        loads = self.workload.loads
        return who in self.workload.unscheduled or any(
            (who, week) in loads for week in range(start, start + weeks)
        )


def load_workload(
    first: date,
    weeks: int = 8,
    where: WorkloadFilter | None = None,
    *,
    share: float | None = None,
) -> WorkloadView:
    """`weeks` weeks from the week holding `first`, narrowed by `where`.

    Unknown project or board names raise NotFound (with suggestions).
    """
    return load_window(first, weeks, where, share=share, margin=0).view(first, weeks)


def load_window(
    first: date,
    weeks: int = 8,
    where: WorkloadFilter | None = None,
    *,
    share: float | None = None,
    margin: int = MARGIN,
) -> WorkloadWindow:
    """The `weeks` weeks from the week holding `first` and `margin` weeks either side,
    read in the same queries as those weeks alone (their number is the same).

    Unknown project or board names raise NotFound (with suggestions).
    """
    where = where or WorkloadFilter()
    if share is None:
        share = settings.get_setting(SHARE_KEY)
    task_where = (
        Task.cancelled_at.is_null()
        & Task.completed_at.is_null()
        & (BoardColumn.is_done == False)  # noqa: E712
        & (Project.id.is_null() | Project.status.not_in(FINISHED_STATUSES))
    )
    board_id = None
    if where.project:  # the stored names, whatever the case typed
        project = project_named(where.project)
        where = replace(where, project=project.name)
        task_where &= Task.project == project.id
    if where.board:
        board = board_named(where.board)
        board_id, where = board.id, replace(where, board=board.name)
        task_where &= BoardColumn.board == board_id
    owner = Member.alias("owner")
    task_rows = raw_rows(
        Task.select(
            Task.id,
            Task.title,
            Project.name,
            owner.name,
            Task.owner,
            BoardColumn.name,
            Board.name,
            Task.start,
            Task.due,
            Task.estimate_days,
            Task.version,
        )
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .join(Board, on=(BoardColumn.board == Board.id))
        .switch(Task)
        .join(Project, JOIN.LEFT_OUTER, on=(Task.project == Project.id))
        .switch(Task)
        .join(owner, JOIN.LEFT_OUTER, on=(Task.owner == owner.id))
        .where(task_where)
        .order_by(Task.id)
    )
    found = {  # id, title, project, owner, owner id, column, board | start, due | estimate, version
        row[0]: WorkTask(*row[:7], read_date(row[7]), read_date(row[8]), *row[9:])
        for row in task_rows
    }
    helpers: dict[int, list[int]] = {}
    if share > 0 and found:
        open_ids = (
            Task.select(Task.id)
            .join(BoardColumn, on=(Task.column == BoardColumn.id))
            .switch(Task)
            .join(Project, JOIN.LEFT_OUTER, on=(Task.project == Project.id))
            .where(task_where)
        )
        for task_id, member_id in raw_rows(
            TaskCollaborator.select(TaskCollaborator.task, TaskCollaborator.member)
            .where(TaskCollaborator.task.in_(open_ids))
            .order_by(TaskCollaborator.task, TaskCollaborator.member)
        ):
            helpers.setdefault(task_id, []).append(member_id)
    work = [
        Work(t.id, t.owner_id, t.estimate, t.start, t.due, tuple(helpers.get(t.id, ())))
        for t in found.values()
    ]
    people, inactive = _people(where.team)
    holidays = [read_date(day) for (day,) in raw_rows(Holiday.select(Holiday.date))]
    start = week_start(first) - timedelta(weeks=margin)
    workload = compute_workload(
        people,
        work,
        horizon(start, weeks + 2 * margin),
        holidays=holidays,
        share=share,  # type: ignore[arg-type]
    )
    return WorkloadWindow(start, workload, found, _wip(board_id), share, where, frozenset(inactive))


def _people(team: Team) -> tuple[tuple[Person, ...], set[int]]:
    """Members (internal first, then agencies and vendors) with their time off,
    and the ids of those no longer active."""
    query = Member.select(
        Member.id,
        Member.name,
        Member.capacity_days,
        Member.is_external,
        Member.organisation,
        Member.active,
    )
    if team is Team.INTERNAL:
        query = query.where(Member.is_external == False)  # noqa: E712
    elif team is Team.EXTERNAL:
        query = query.where(Member.is_external == True)  # noqa: E712
    away: dict[int, list[tuple[date, date]]] = {}
    for member_id, start, end in raw_rows(
        TimeOff.select(TimeOff.member, TimeOff.start, TimeOff.end).order_by(TimeOff.start)
    ):
        away.setdefault(member_id, []).append((read_date(start), read_date(end)))  # type: ignore[arg-type]
    rows = raw_rows(query)
    people = [
        Person(mid, name, capacity, bool(external), organisation, tuple(away.get(mid, ())))
        for mid, name, capacity, external, organisation, _active in rows
    ]
    people.sort(key=lambda p: (p.external, (p.organisation or "").casefold(), p.name.casefold()))
    return tuple(people), {mid for mid, *_rest, active in rows if not active}


def _wip(board_id: int | None = None) -> dict[int, Wip]:
    """Cards each member holds in progress now, and where they pass a per-person limit.

    Of every project even when one is filtered: the limits hold per column,
    whatever the project, and juggling is juggling."""
    first = (
        BoardColumn.select(BoardColumn.board, fn.MIN(BoardColumn.position).alias("first"))
        .group_by(BoardColumn.board)
        .alias("first_column")
    )
    rows = raw_rows(
        Task.select(Task.owner, BoardColumn.name, BoardColumn.person_limit, fn.COUNT(Task.id))
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .join(first, on=(BoardColumn.board == first.c.board_id))
        .where(
            Task.owner.is_null(False)
            & Task.cancelled_at.is_null()
            & (BoardColumn.is_done == False)  # noqa: E712
            & (BoardColumn.position > first.c.first)
            & (BoardColumn.board == board_id if board_id is not None else True)
        )
        .group_by(Task.owner, BoardColumn.id)
        .order_by(Task.owner, BoardColumn.board, BoardColumn.position)
    )
    counts: dict[int, int] = {}
    over: dict[int, list[tuple[str, int, int]]] = {}
    full: dict[int, list[tuple[str, int, int]]] = {}
    for member_id, column, limit, held in rows:
        counts[member_id] = counts.get(member_id, 0) + held
        if limit is not None and held > limit:
            over.setdefault(member_id, []).append((column, held, limit))
        elif limit is not None and held == limit:
            full.setdefault(member_id, []).append((column, held, limit))
    return {
        member_id: Wip(count, tuple(over.get(member_id, ())), tuple(full.get(member_id, ())))
        for member_id, count in counts.items()
    }


def reassign(ctx: ServiceContext, task: WorkTask, member: str) -> TaskView:
    """Give a task to another member (refused if it changed since it was read,
    or if the new owner already holds the per-person limit in its column)."""
    return tasks.update_task(ctx, task.id, {"owner": member}, expected_version=task.version)
