"""The domain tables. Only services write them; screens never see these rows.

Enumerations are stored as short text ("editor", "in_progress") so that the
database is readable with any SQLite browser; the allowed values live in
`mpm_tui.schemas.enums` and are checked by the services.
"""

from __future__ import annotations

from typing import ClassVar

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from mpm_tui.db.database import db


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = DateTimeField()


class Setting(BaseModel):
    """Workspace-wide settings (name, holidays policy, guest access…) as key → text."""

    key = CharField(primary_key=True)
    value = TextField()


class Member(BaseModel):
    name = CharField(unique=True)
    handle = CharField(null=True, unique=True)  # OS user name or login
    email = CharField(null=True)
    role = CharField(default="editor")  # viewer | editor | admin
    capacity_days = FloatField(default=5.0)  # working days per week
    is_external = BooleanField(default=False)
    organisation = CharField(null=True)  # agency / vendor for externals
    active = BooleanField(default=True)
    created_at = DateTimeField()


class Board(BaseModel):
    name = CharField(unique=True)
    description = TextField(default="")
    position = IntegerField(default=0)
    created_at = DateTimeField()


class BoardColumn(BaseModel):
    board = ForeignKeyField(Board, backref="columns", on_delete="CASCADE")
    name = CharField()
    position = IntegerField()
    wip_limit = IntegerField(null=True)  # None: no limit
    person_limit = IntegerField(null=True)  # max cards one owner holds here
    is_done = BooleanField(default=False)
    is_review = BooleanField(default=False)

    class Meta:
        indexes: ClassVar = ((("board", "name"), True), (("board", "position"), False))


class Project(BaseModel):
    name = CharField(unique=True)
    description = TextField(default="")
    objective = TextField(default="")  # SMART objective
    target_market = TextField(default="")
    channels = TextField(default="")  # comma-separated, e.g. "email,social"
    kind = CharField(default="")  # project type, e.g. "webinar" (from a template)
    owner = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    start = DateField(null=True)
    end = DateField(null=True)
    status = CharField(default="planning")  # planning|active|on_hold|done|cancelled
    impact = IntegerField(default=3)  # 1–5
    effort = IntegerField(default=3)  # 1–5
    created_at = DateTimeField()
    version = IntegerField(default=1)


class Task(BaseModel):
    title = CharField(max_length=200)
    description = TextField(default="")
    project = ForeignKeyField(Project, null=True, backref="tasks", on_delete="SET NULL")
    column = ForeignKeyField(BoardColumn, backref="tasks", on_delete="RESTRICT")
    position = BigIntegerField()
    """Order key in the column, with gaps (logic/board_positions.py): cards are read in
    (position, id) order; a slot number is that order, never stored."""
    owner = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    reviewer = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="reviews")
    channel = CharField(null=True)
    estimate_days = FloatField(null=True)
    start = DateField(null=True)
    due = DateField(null=True)
    priority = CharField(default="normal")  # low|normal|high|urgent
    blocked = BooleanField(default=False)
    blocked_reason = TextField(default="")
    entered_column_at = DateTimeField()
    created_at = DateTimeField()
    updated_at = DateTimeField()
    completed_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)  # cut by a scope change; kept for history
    version = IntegerField(default=1)

    class Meta:
        indexes: ClassVar = ((("column", "position"), False),)


class TaskCollaborator(BaseModel):
    task = ForeignKeyField(Task, backref="collaborators", on_delete="CASCADE")
    member = ForeignKeyField(Member, on_delete="CASCADE")
    role = CharField()  # writer|reviewer|editor|designer|web|social|other

    class Meta:
        indexes: ClassVar = ((("task", "member"), True),)


class Dependency(BaseModel):
    """Finish-to-start: `successor` cannot start before `predecessor` finishes."""

    predecessor = ForeignKeyField(Task, on_delete="CASCADE", backref="successor_links")
    successor = ForeignKeyField(Task, on_delete="CASCADE", backref="predecessor_links")

    class Meta:
        indexes: ClassVar = ((("predecessor", "successor"), True),)


class Milestone(BaseModel):
    project = ForeignKeyField(Project, backref="milestones", on_delete="CASCADE")
    name = CharField()
    date = DateField()
    kind = CharField(
        default=""
    )  # planning_done|creative_done|setup_done|launch|midpoint|end|review
    reached_at = DateTimeField(null=True)


class MilestoneDependency(BaseModel):
    """A milestone is reached only when these tasks are done."""

    milestone = ForeignKeyField(Milestone, backref="task_links", on_delete="CASCADE")
    task = ForeignKeyField(Task, on_delete="CASCADE")

    class Meta:
        indexes: ClassVar = ((("milestone", "task"), True),)


class ChecklistItem(BaseModel):
    task = ForeignKeyField(Task, backref="checklist", on_delete="CASCADE")
    text = CharField(max_length=500)
    done = BooleanField(default=False)
    position = IntegerField()


class Comment(BaseModel):
    task = ForeignKeyField(Task, backref="comments", on_delete="CASCADE")
    author = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    body = TextField()
    created_at = DateTimeField()


class Attachment(BaseModel):
    task = ForeignKeyField(Task, backref="attachments", on_delete="CASCADE")
    target = TextField()  # a file path or a URL
    label = CharField(default="")
    added_by = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    created_at = DateTimeField()


class Kpi(BaseModel):
    """A funnel stage or goal. `parent` is the stage this one converts into."""

    project = ForeignKeyField(Project, backref="kpis", on_delete="CASCADE")
    name = CharField()
    stage = CharField(default="")  # visit|lead|mql|sql|deal|other
    is_kgi = BooleanField(default=False)
    parent = ForeignKeyField("self", null=True, backref="feeders", on_delete="SET NULL")
    conversion_rate = FloatField(null=True)  # into the parent, 0–1
    unit = CharField(default="")
    target = FloatField(null=True)
    actual = FloatField(null=True)
    position = IntegerField(default=0)


class KpiEntry(BaseModel):
    """A dated actual, for trends (imported from analytics or CRM exports)."""

    kpi = ForeignKeyField(Kpi, backref="entries", on_delete="CASCADE")
    date = DateField()
    value = FloatField()

    class Meta:
        indexes: ClassVar = ((("kpi", "date"), True),)


class BudgetLine(BaseModel):
    project = ForeignKeyField(Project, backref="budget_lines", on_delete="CASCADE")
    channel = CharField()
    planned = FloatField(default=0.0)
    spent = FloatField(default=0.0)
    note = TextField(default="")

    class Meta:
        indexes: ClassVar = ((("project", "channel"), True),)


class ScopeChange(BaseModel):
    project = ForeignKeyField(Project, backref="scope_changes", on_delete="CASCADE")
    description = TextField()
    requested_by = CharField()
    requested_on = DateField()
    status = CharField(default="proposed")  # proposed|accepted|rejected
    tradeoff = CharField(null=True)  # extend_date|cut_tasks|add_budget
    extend_days = IntegerField(null=True)
    cut_task_ids = TextField(default="")  # comma-separated task ids
    budget_channel = CharField(null=True)
    budget_amount = FloatField(null=True)
    approved_by = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    decided_at = DateTimeField(null=True)
    created_at = DateTimeField()


class Risk(BaseModel):
    project = ForeignKeyField(Project, backref="risks", on_delete="CASCADE")
    description = TextField()
    probability = IntegerField(default=3)  # 1–5
    impact = IntegerField(default=3)  # 1–5
    response = TextField(default="")
    owner = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    status = CharField(default="open")  # open|mitigated|closed|occurred
    created_at = DateTimeField()


class Retrospective(BaseModel):
    project = ForeignKeyField(Project, backref="retrospectives", on_delete="CASCADE")
    kind = CharField(default="final")  # final|midpoint
    held_on = DateField(null=True)
    participants = TextField(default="")  # comma-separated member names
    status = CharField(default="draft")  # draft|complete
    completed_at = DateTimeField(null=True)
    created_at = DateTimeField()
    version = IntegerField(default=1)


class RetroItem(BaseModel):
    retrospective = ForeignKeyField(Retrospective, backref="items", on_delete="CASCADE")
    section = CharField()  # went_well|went_badly|improvement|action
    text = TextField()
    position = IntegerField()
    owner = ForeignKeyField(Member, null=True, on_delete="SET NULL")  # action items
    task = ForeignKeyField(Task, null=True, on_delete="SET NULL")  # task made from an action


class RetroKpiNote(BaseModel):
    """Root cause of a KPI miss, written in the retrospective."""

    retrospective = ForeignKeyField(Retrospective, backref="kpi_notes", on_delete="CASCADE")
    kpi = ForeignKeyField(Kpi, on_delete="CASCADE")
    note = TextField()

    class Meta:
        indexes: ClassVar = ((("retrospective", "kpi"), True),)


class Holiday(BaseModel):
    """A workspace-wide non-working day (added in schema version 2)."""

    date = DateField(unique=True)
    name = CharField(default="")


class TimeOff(BaseModel):
    """A member's absence, inclusive dates (added in schema version 2)."""

    member = ForeignKeyField(Member, backref="time_off", on_delete="CASCADE")
    start = DateField()
    end = DateField()
    note = CharField(default="")


class Activity(BaseModel):
    """The audit log: who did what to which entity, with before/after values."""

    at = DateTimeField(index=True)
    actor = ForeignKeyField(Member, null=True, on_delete="SET NULL")
    actor_name = CharField()  # kept when the member is removed
    entity = CharField()  # "task", "project", …
    entity_id = IntegerField(null=True)
    action = CharField()  # create|update|delete|move|import|…
    summary = TextField(default="")
    before = TextField(null=True)  # JSON
    after = TextField(null=True)  # JSON

    class Meta:
        indexes: ClassVar = ((("entity", "entity_id"), False),)


DOMAIN_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    Member,
    Board,
    BoardColumn,
    Project,
    Task,
    TaskCollaborator,
    Dependency,
    Milestone,
    MilestoneDependency,
    ChecklistItem,
    Comment,
    Attachment,
    Kpi,
    KpiEntry,
    BudgetLine,
    ScopeChange,
    Risk,
    Retrospective,
    RetroItem,
    RetroKpiNote,
    Holiday,
    TimeOff,
    Activity,
)
"""Every table of the workspace (not the migration bookkeeping), in creation order."""
