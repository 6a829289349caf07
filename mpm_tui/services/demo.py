"""The demo workspace: a marketing team's boards, projects, tasks and history.

`build_demo` fills an empty workspace from `mpm_tui/data/demo.toml`, laid out
relative to `ctx.today()`, and writes it only through the services, so every
rule (WIP limits, dependency cycles, retro-before-close) and the activity log
hold as they would for real work. Past events are written by the member who
would have done them, with a clock set to when they would have happened: cards
age in their columns, completed work has a completion time, comments follow the
moves. Nothing reads the wall clock, so the same today gives the same workspace.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

from mpm_tui.db.database import db
from mpm_tui.logic.funnel import FunnelStage, stage_targets
from mpm_tui.logic.workdays import add_working_days, next_working_day, previous_working_day
from mpm_tui.schemas.enums import ProjectStatus, RetroKind
from mpm_tui.schemas.inputs import DEFAULT_COLUMNS, ColumnIn
from mpm_tui.services import (
    boards,
    demo_scope,
    members,
    planning,
    projects,
    retros,
    task_details,
    tasks,
)
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import RuleViolation

DEMO_USER = "Maya Chen"
"""The admin a demo session acts as: the first member in demo.toml."""

MAIN_BOARD = "Marketing"
STATES = ("todo", "doing", "review", "done")
"""A task's place in the flow; the index is the column on its board."""

SECTIONS = ("went_well", "went_badly", "improvement", "action")
_MINUTE = timedelta(minutes=1)


def load_content() -> dict[str, Any]:
    """The static demo content: members, boards, projects, tasks, details."""
    source = resources.files("mpm_tui.data").joinpath("demo.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def build_demo(ctx: ServiceContext) -> None:
    """Fill an empty, migrated workspace with the demo, all or nothing."""
    if members.list_members(include_inactive=True) or boards.list_boards():
        raise RuleViolation("the demo can only be built in an empty workspace")
    with db.atomic():
        _DemoBuilder(ctx, load_content()).build()


def _at(actor: Actor, when: datetime) -> ServiceContext:
    """A context acting as `actor` with its clock stopped at `when`."""

    def clock() -> datetime:
        return when

    return ServiceContext(actor, clock)


@dataclass
class _Card:
    """One task laid out on the calendar, then written."""

    spec: dict[str, Any]
    project: dict[str, Any] | None
    board: str
    state: str
    start: date
    due: date
    created: datetime
    task_id: int = 0
    last: datetime | None = None  # when it was last touched (its latest move)


class _DemoBuilder:
    def __init__(self, ctx: ServiceContext, content: dict[str, Any]) -> None:
        self.ctx = ctx
        self.content = content
        self.today = ctx.today()
        self.now = ctx.now()
        self.yesterday = previous_working_day(self.today - timedelta(days=1))
        self.actors: dict[str, Actor] = {}  # by handle
        self.holidays: set[date] = set()
        self.columns: dict[str, list[str]] = {}  # board name → column names
        self.project_created: dict[str, datetime] = {}
        self.cards: dict[str, _Card] = {}  # by title (unique in the demo)

    # -- time and people -------------------------------------------------

    def day(self, offset: int) -> date:
        """Today + offset days, on a working day (past stays past, future future)."""
        day = self.today + timedelta(days=offset)
        if offset < 0:
            return previous_working_day(day, self.holidays)
        return next_working_day(day, self.holidays)

    def clamp(self, when: datetime, *, after: datetime | None = None) -> datetime:
        """`when`, no earlier than a minute after `after`, and never in the future."""
        if after is not None:
            when = max(when, after + _MINUTE)
        return min(when, self.now)

    def as_(self, handle: str | None, when: datetime) -> ServiceContext:
        """A context acting as `handle` (the demo user when None) at `when`."""
        return _at(self.actors[handle or self.content["members"][0]["handle"]], when)

    def name(self, handle: str | None) -> str | None:
        return self.actors[handle].name if handle else None

    def all_tasks(self) -> Iterator[tuple[dict[str, Any] | None, dict[str, Any]]]:
        """(project or None, task spec) for every task, in file order."""
        for project in self.content["projects"]:
            for spec in project["tasks"]:
                yield project, spec
        for spec in self.content["no_project"]["tasks"]:
            yield None, spec

    # -- the build ---------------------------------------------------------

    def build(self) -> None:
        self.add_members()
        self.add_holidays_and_boards()
        self.add_projects()
        self.lay_out()
        self.create_tasks()
        self.move_tasks()
        self.add_details()
        self.add_planning()
        self.add_retros()
        demo_scope.add_scope_changes(self)

    def add_members(self) -> None:
        first = self.content["members"][0]
        if (first["name"], first["role"]) != (DEMO_USER, "admin"):
            raise ValueError(f"the first demo member must be {DEMO_USER!r}, an admin")
        joined = datetime.combine(self.today - timedelta(days=91), time(9))
        for index, spec in enumerate(self.content["members"]):
            when = joined + index * 5 * _MINUTE
            # The first member is created by whoever set the workspace up, as
            # a real first run would; the demo user then adds the rest.
            ctx = _at(self.ctx.actor, when) if index == 0 else self.as_(None, when)
            view = members.create_member(ctx, spec)
            self.actors[spec["handle"]] = Actor(view.name, view.role, view.id)

    def add_holidays_and_boards(self) -> None:
        ctx = self.as_(None, datetime.combine(self.today - timedelta(days=91), time(10)))
        for spec in self.content["holidays"]:
            day = self.day(spec["at"])
            planning.add_holiday(ctx, day, spec["name"])
            self.holidays.add(day)
        for spec in self.content.get("time_off", ()):
            start = self.day(spec["at"])
            members.add_time_off(
                self.as_(spec["who"], ctx.now()),
                {
                    "member": self.name(spec["who"]),
                    "start": start,
                    "end": add_working_days(start, spec["days"] - 1, self.holidays),
                    "note": spec.get("note", ""),
                },
            )
        for spec in self.content["boards"]:
            columns = tuple(ColumnIn(**c) for c in spec.get("columns", ())) or DEFAULT_COLUMNS
            if len(columns) != len(STATES):
                raise ValueError(f"demo board {spec['name']!r} needs {len(STATES)} columns")
            boards.create_board(
                ctx, {"name": spec["name"], "description": spec["description"], "columns": columns}
            )
            self.columns[spec["name"]] = [c.name for c in columns]

    def add_projects(self) -> None:
        for spec in self.content["projects"]:
            start = self.day(spec["start"])
            created = datetime.combine(previous_working_day(start - timedelta(days=14)), time(10))
            created = self.clamp(created)
            self.project_created[spec["name"]] = created
            status = spec["status"]
            projects.create_project(
                self.as_(spec["owner"], created),
                {
                    **{k: spec[k] for k in ("name", "kind", "description", "objective")},
                    **{k: spec[k] for k in ("target_market", "channels", "impact", "effort")},
                    "owner": self.name(spec["owner"]),
                    "start": start,
                    "end": self.day(spec["end"]),
                    # Done is reached only by closing after the retrospective.
                    "status": ProjectStatus.ACTIVE if status == "done" else status,
                },
            )

    def lay_out(self) -> None:
        """Dates, column and creation time of every task, relative to today."""
        counters: dict[str, int] = {}
        for project, spec in self.all_tasks():
            title = spec["title"]
            if title in self.cards:
                raise ValueError(f"demo task title {title!r} is used twice")
            start = self.day(spec["start"])
            for before in spec.get("after", ()):
                pred = self.cards.get(before)
                if pred is None or pred.project is not project:
                    raise ValueError(f"demo task {title!r} waits for unknown task {before!r}")
                start = max(start, add_working_days(pred.due, 1, self.holidays))
            length = max(math.ceil(spec["days"]), 1)
            due = add_working_days(start, length - 1, self.holidays)
            state = spec.get("col") or ("done" if spec["start"] < 0 else "todo")
            if state not in STATES:
                raise ValueError(f"demo task {title!r}: unknown col {state!r}")
            key = project["name"] if project else ""
            index = counters[key] = counters.get(key, -1) + 1
            if project:
                planned = self.project_created[key] + timedelta(hours=1, minutes=7 * index)
            else:
                planned = datetime.combine(min(start, self.today) - timedelta(days=3), time(10))
            created = min(planned, datetime.combine(start, time(9)), self.now)
            board = spec.get("board", MAIN_BOARD)
            self.cards[title] = _Card(spec, project, board, state, start, due, created)

    def create_tasks(self) -> None:
        """Every task into its board's first column, soonest start first."""
        order = {title: index for index, title in enumerate(self.cards)}
        details = self.content.get("details", {})
        unknown = sorted(set(details) - set(self.cards))
        if unknown:
            raise ValueError(f"demo details for unknown tasks: {unknown}")
        for card in sorted(self.cards.values(), key=lambda c: (c.start, order[c.spec["title"]])):
            spec, extra = card.spec, details.get(card.spec["title"], {})
            collaborators = [item.split(":", 1) for item in extra.get("with", ())]
            view = tasks.create_task(
                self.as_(card.project["owner"] if card.project else None, card.created),
                {
                    "title": spec["title"],
                    "project": card.project["name"] if card.project else None,
                    "board": card.board,
                    "column": self.columns[card.board][0],
                    "description": extra.get("description", ""),
                    "owner": self.name(spec.get("owner")),
                    "reviewer": self.name(spec.get("reviewer")),
                    "channel": spec.get("channel"),
                    "estimate_days": spec["days"],
                    "start": card.start,
                    "due": card.due,
                    "priority": spec.get("priority", "normal"),
                    "blocked": "blocked" in spec,
                    "blocked_reason": spec.get("blocked", ""),
                    "collaborators": [
                        {"member": self.name(who), "role": role} for who, role in collaborators
                    ],
                },
            )
            card.task_id = view.id
            card.last = card.created
        for card in self.cards.values():
            owner = card.project["owner"] if card.project else None
            for before in card.spec.get("after", ()):
                pred = self.cards[before].task_id
                tasks.add_dependency(self.as_(owner, card.created), pred, card.task_id)

    def moves(self, card: _Card) -> list[tuple[int, datetime, str | None]]:
        """(column index, when, who) for each move that brings the card where it is."""
        target = STATES.index(card.state)
        if target == 0:
            return []
        owner, reviewer = card.spec.get("owner"), card.spec.get("reviewer")
        started = self.clamp(datetime.combine(card.start, time(9, 30)), after=card.created)
        steps = [(1, started, owner)]
        finished = min(card.due, self.yesterday)
        if target == 2 or (target == 3 and reviewer):
            handed = self.clamp(datetime.combine(finished, time(14)), after=started)
            steps.append((2, handed, owner))
        if target == 3:
            done = self.clamp(datetime.combine(finished, time(16, 30)), after=steps[-1][1])
            steps.append((3, done, reviewer or owner))
        return steps

    def move_tasks(self) -> None:
        """Replay each card's moves: finished work first (In Progress and Review
        are empty then, so passing through them never meets a WIP limit), then
        the cards waiting in Review, then those in progress."""
        planned = [(card, self.moves(card)) for card in self.cards.values()]
        planned = [(card, steps) for card, steps in planned if steps]
        rank = {"done": 0, "review": 1, "doing": 2}
        planned.sort(key=lambda item: (rank[item[0].state], item[1][-1][1], item[0].task_id))
        for card, steps in planned:
            for column, when, who in steps:
                # Done stacks newest first; elsewhere cards join at the end.
                position = 0 if column == len(STATES) - 1 else None
                name = self.columns[card.board][column]
                tasks.move_task_to(self.as_(who, when), card.task_id, name, position)
                card.last = when

    def add_details(self) -> None:
        """Checklists, attachments and comments, by the people who wrote them."""
        for title, extra in self.content.get("details", {}).items():
            card = self.cards[title]
            assert card.last is not None
            owner = card.spec.get("owner")
            items = extra.get("checklist", ())
            ticked = len(items) if card.state == "done" else extra.get("ticked", 0)
            for index, text in enumerate(items):
                ctx = self.as_(owner, card.created + _MINUTE)
                task_details.add_checklist_item(ctx, card.task_id, text, done=index < ticked)
            for target, label in extra.get("attach", ()):
                ctx = self.as_(owner, self.clamp(card.last + 20 * _MINUTE))
                task_details.add_attachment(ctx, card.task_id, target, label)
            for index, (author, body) in enumerate(extra.get("comments", ())):
                when = self.clamp(card.last + (index + 1) * 47 * _MINUTE)
                task_details.add_comment(self.as_(author, when), card.task_id, body)

    def add_planning(self) -> None:
        """Milestones, the KPI funnel, budget lines and risks of each project."""
        for spec in self.content["projects"]:
            name = spec["name"]
            ctx = self.as_(
                spec["owner"], self.clamp(self.project_created[name] + timedelta(days=1))
            )
            for milestone in spec.get("milestones", ()):
                after = tuple(self.cards[title].task_id for title in milestone.get("after", ()))
                data = {k: milestone[k] for k in ("name", "kind")} | {
                    "date": self.day(milestone["at"])
                }
                planning.add_milestone(ctx, name, data, after_tasks=after)
            targets: dict[str, float | None] = {}
            for kpi in spec.get("kpis", ()):
                target = kpi.get("target")
                if target is None and "into" in kpi:
                    stage = FunnelStage(kpi["name"], kpi["rate"])
                    target = stage_targets(targets[kpi["into"]] or 0, [stage])[0][1]
                targets[kpi["name"]] = target
                data = {
                    "name": kpi["name"],
                    "stage": kpi["stage"],
                    "is_kgi": kpi.get("kgi", False),
                    "parent": kpi.get("into"),
                    "conversion_rate": kpi.get("rate"),
                    "unit": kpi.get("unit", ""),
                    "target": target,
                    "actual": kpi.get("actual"),
                }
                planning.add_kpi(ctx, name, data)
            for line in spec.get("budget", ()):
                planning.set_budget_line(ctx, name, line)
            for risk in spec.get("risks", ()):
                planning.add_risk(ctx, name, risk | {"owner": self.name(risk.get("owner"))})

    def add_retros(self) -> None:
        """Retrospectives; a project marked done is closed once its final one is
        complete, exactly as the services demand."""
        for spec in self.content["projects"]:
            retro = spec.get("retro")
            if retro is None:
                continue
            held = self.day(retro["held"])
            owner, name = spec["owner"], spec["name"]
            items: list[dict[str, Any]] = []
            for section in SECTIONS:
                for entry in retro.get(section, ()):
                    entry = entry if isinstance(entry, dict) else {"text": entry}
                    items.append(
                        {
                            "section": section,
                            "text": entry["text"],
                            "owner": self.name(entry.get("owner")),
                        }
                    )
            written = self.clamp(datetime.combine(held, time(15)))
            retro_id = retros.create_retrospective(
                self.as_(owner, written),
                name,
                {
                    "kind": retro.get("kind", RetroKind.FINAL),
                    "held_on": held,
                    "participants": [self.name(who) for who in retro.get("participants", ())],
                    "items": items,
                },
            )
            if spec["status"] == "done":
                closing = self.clamp(written + timedelta(minutes=45))
                retros.complete_retrospective(self.as_(owner, closing), retro_id)
                projects.set_status(self.as_(owner, closing + _MINUTE), name, ProjectStatus.DONE)
