"""The dashboard's team panels: WIP per column, who is overloaded this week,
recent completions and the highest open risks. Each a constant number of queries.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from peewee import JOIN, fn

from mpm_tui.db.models import Board, BoardColumn, Member, Project, Risk, Task
from mpm_tui.logic.portfolio import weekly_counts
from mpm_tui.logic.workdays import week_start
from mpm_tui.logic.workload import Band, cell_text, percent
from mpm_tui.schemas.enums import FINISHED_STATUSES, RiskStatus
from mpm_tui.schemas.portfolio import ColumnWip, CompletedTask, Completions, MemberLoad, TopRisk
from mpm_tui.services.raw import raw_rows, read_datetime
from mpm_tui.services.workload import load_workload

TREND_WEEKS = 8
"""Seven-day windows in the completions trend."""


def column_wip() -> tuple[ColumnWip, ...]:
    """Each board's columns before done, with their cards (cancelled ones left out,
    as the board counts them) against the WIP limit: one grouped query."""
    cards = fn.COUNT(Task.id)
    query = (
        BoardColumn.select(Board.name, BoardColumn.name, cards, BoardColumn.wip_limit)
        .join(Board, on=(BoardColumn.board == Board.id))
        .switch(BoardColumn)
        .join(
            Task,
            JOIN.LEFT_OUTER,
            on=((Task.column == BoardColumn.id) & Task.cancelled_at.is_null()),
        )
        .where(BoardColumn.is_done == False)  # noqa: E712
        .group_by(Board.id, Board.name, Board.position, BoardColumn.id)
        .order_by(Board.position, Board.id, BoardColumn.position)
    )
    return tuple(
        ColumnWip(board, column, int(count), limit)
        for board, column, count, limit in raw_rows(query)
    )


def loaded_members(today: date) -> tuple[date, tuple[MemberLoad, ...]]:
    """This week's Monday, and the members at or near capacity in it (`load_workload`
    over one week: its rules, its bands), over capacity first, the fullest first."""
    workload = load_workload(today, 1).workload
    found: list[tuple[tuple[bool, float, str], MemberLoad]] = []
    for person in workload.people:
        cell = workload.cell(person.id, 0)
        band = cell.band
        if band not in (Band.OVER, Band.NEAR):
            continue
        use = cell.utilisation
        order = (band is not Band.OVER, -(math.inf if use is None else use), person.name.casefold())
        load = MemberLoad(
            person.name, cell.assigned, cell.capacity, band.symbol, cell_text(cell), percent(cell)
        )
        found.append((order, load))
    found.sort(key=lambda item: item[0])
    return week_start(today), tuple(load for _, load in found)


def completions(now: datetime, *, newest: int = 8, weeks: int = TREND_WEEKS) -> Completions:
    """Tasks completed in the last `weeks` seven-day windows (cancelled ones left
    out): the count per window, and the newest few with their project; two queries
    (the count reads one column, however many tasks were completed)."""
    since = now - timedelta(days=7 * weeks)
    window = (Task.completed_at > since) & (Task.completed_at <= now) & Task.cancelled_at.is_null()
    times = [read_datetime(at) for (at,) in raw_rows(Task.select(Task.completed_at).where(window))]
    counts = weekly_counts(times, now, weeks)  # type: ignore[arg-type]
    query = (
        Task.select(Task.id, Task.title, Project.name, Task.project, Task.completed_at)
        .join(Project, JOIN.LEFT_OUTER, on=(Task.project == Project.id))
        .where(window)
        .order_by(Task.completed_at.desc(), Task.id.desc())
        .limit(newest)
    )
    recent = tuple(
        CompletedTask(task_id, title, project, project_id, read_datetime(at))  # type: ignore[arg-type]
        for task_id, title, project, project_id, at in raw_rows(query)
    )
    return Completions(counts[-1] if counts else 0, tuple(counts), recent)


def top_risks(limit: int = 5) -> tuple[tuple[TopRisk, ...], int]:
    """The `limit` open risks of projects in progress with the highest probability ×
    impact, in the register's order (`logic.risk`: equal scores the likelier first,
    then the oldest), and how many are open: two queries."""
    where = (Risk.status == RiskStatus.OPEN.value) & Project.status.not_in(FINISHED_STATUSES)
    score = Risk.probability * Risk.impact
    query = (
        Risk.select(
            Risk.id,
            Risk.description,
            Risk.probability,
            Risk.impact,
            Project.name,
            Project.id,
            Member.name,
            Risk.response,
        )
        .join(Project, on=(Risk.project == Project.id))
        .switch(Risk)
        .join(Member, JOIN.LEFT_OUTER, on=(Risk.owner == Member.id))
        .where(where)
        .order_by(score.desc(), Risk.probability.desc(), Risk.created_at, Risk.id)
        .limit(limit)
    )
    top = tuple(TopRisk(*row) for row in raw_rows(query))
    count = Risk.select(fn.COUNT(Risk.id)).join(Project).where(where).scalar() or 0
    return top, int(count)
