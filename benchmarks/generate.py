"""Realistic benchmark workspaces, deterministic from a size and a seed.

A workspace document (the dict form of `mpm_tui/schemas/workspace.py`) is
built in memory and loaded with the workspace importer, so everything goes
through the same validation as `mpm import`. Generated databases are cached
in `benchmarks/.cache/<size>-<seed>.db`; the cache is rebuilt when this file
changes (its hash is stored in the workspace's settings).
"""

from __future__ import annotations

import hashlib
import math
import random
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
TODAY = date(2026, 11, 23)
NOW = datetime.combine(TODAY, time(9, 30))
"""Every workspace is laid out around this "now"; the app runs with it frozen."""
ADMIN = "Ada Admin"
"""The first member, an admin: the benchmarks act as her."""
MAIN_BOARD = "Marketing"
MAIN_COLUMNS = ("To Do", "In Progress", "Review", "Done")
MAIN_SHARE = 0.9
"""Share of the tasks on the main board; the rest go to two smaller boards."""
STATE_WEIGHTS = (0.30, 0.10, 0.05, 0.55)
"""How the main board's cards spread over To Do / In Progress / Review / Done."""
SETTING_KEY = "benchmark.generator"
PLAN_FIRST, PLAN_LAST = -240, 125
"""Days from "now" that the plan (project windows, task dates) spans: about a year."""

FIRST = "Ada Ben Cleo Dev Eli Fay Gus Hana Ivo Jade Kai Lena Milo Nia Omar Pia Rui Sara Tao Uma"
LAST = "Abe Berg Cruz Diaz Ek Fox Gill Hale Ito Joshi Kahn Lund Mori Nagy Ortiz Park Quinn Roy"
CHANNELS = ("email", "social", "paid", "content", "web", "events", "pr", "seo")
KINDS = ("webinar", "product_launch", "email_newsletter", "event", "campaign", "content_series")
VERBS = ("Draft", "Review", "Design", "Write", "Schedule", "Build", "Publish", "Plan", "Test")
THINGS = (
    "landing page",
    "invitation email",
    "social posts",
    "blog article",
    "press release",
    "ad creatives",
    "slide deck",
    "case study",
    "newsletter issue",
    "video cut-downs",
    "registration form",
    "results report",
    "[A/B] subject lines",
    "partner brief",
)
CHECK_ITEMS = ("Brief agreed", "First draft", "Legal check", "Proofread", "Links tested", "Sent")
COMMENTS = (
    "Looks good to me, one small change in the intro.",
    "Waiting on the final numbers from sales.",
    "Moved the date: the designer is out this week.",
    "Can we reuse last quarter's template?",
    "Done, see the attached link.",
)


@dataclass(frozen=True)
class Profile:
    """How big a workspace of `tasks` tasks is in the other dimensions."""

    tasks: int
    members: int
    projects: int


def profile(tasks: int) -> Profile:
    """100 → 20 members / 5 projects, 1,000 → 50 / 20, 10,000 → 200 / 100 (log-scaled)."""
    known = {100: (20, 5), 1000: (50, 20), 10000: (200, 100)}
    if tasks in known:
        return Profile(tasks, *known[tasks])
    scale = math.log10(max(tasks, 10)) - 2
    return Profile(tasks, max(5, round(20 * 10 ** (scale * 0.7))), max(2, round(5 * 20**scale)))


def generator_hash() -> str:
    """This generator's code and the schema version it writes: a cached workspace
    made before a migration is generated again, so no run times the migration."""
    from mpm_tui.db.migrations import LATEST_VERSION

    source = Path(__file__).read_bytes() + f"schema {LATEST_VERSION}".encode()
    return hashlib.sha256(source).hexdigest()[:16]


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def wip_limit(count: int) -> int | None:
    """Room above the generated count, or no limit past what a column may hold."""
    limit = count + max(3, count // 10)
    return limit if limit <= 999 else None


def build_document(size: int, seed: int) -> dict[str, Any]:
    """A whole workspace document (dict form) with `size` tasks."""
    rnd = random.Random(f"{size}-{seed}")
    prof = profile(size)
    names = [f"{f} {ln}" for ln in LAST.split() for f in FIRST.split()]
    rnd.shuffle(names)
    people = [ADMIN, *names[: prof.members - 1]]
    members: list[dict[str, Any]] = [
        {
            "id": i + 1,
            "name": name,
            "handle": name.lower().replace(" ", "."),
            "role": "admin" if i == 0 else ("viewer" if i % 9 == 8 else "editor"),
            "capacity_days": rnd.choice((2.5, 4.0, 5.0, 5.0)),
            "is_external": i % 11 == 10,
            "organisation": "Brightside Agency" if i % 11 == 10 else None,
            "created_at": NOW - timedelta(days=400),
        }
        for i, name in enumerate(people)
    ]
    members = [{k: v for k, v in m.items() if v is not None} for m in members]
    workers = [str(m["name"]) for m in members if m["role"] != "viewer"]

    main_count = round(size * MAIN_SHARE)
    counts = [round(main_count * w) for w in STATE_WEIGHTS]
    counts[-1] = main_count - sum(counts[:-1])
    boards = [
        {"id": 1, "name": MAIN_BOARD, "description": "All campaign work.", "position": 0},
        {"id": 2, "name": "Content Calendar", "position": 1},
        {"id": 3, "name": "Agency Requests", "position": 2},
    ]
    columns: list[dict[str, Any]] = []
    for pos, name in enumerate(MAIN_COLUMNS):
        col: dict[str, Any] = {"board": MAIN_BOARD, "name": name, "position": pos}
        if pos in (1, 2) and (limit := wip_limit(counts[pos])) is not None:
            col["wip_limit"] = limit
        col |= {"is_review": pos == 2, "is_done": pos == 3}
        columns.append(col)
    for board, cols in (
        ("Content Calendar", ("Ideas", "Writing", "Editing", "Published")),
        ("Agency Requests", ("Requested", "With Agency", "Client Review", "Delivered")),
    ):
        for pos, name in enumerate(cols):
            columns.append(
                {"board": board, "name": name, "position": pos, "is_done": pos == 3}
                | ({"is_review": True} if pos == 2 else {})
            )
    for i, col in enumerate(columns):
        col["id"] = i + 1

    projects = []
    for i in range(prof.projects):
        start = rnd.randint(-300, 60)
        status = "planning" if start > 0 else rnd.choice(("active", "active", "on_hold"))
        projects.append(
            {
                "id": i + 1,
                "name": f"{rnd.choice(('Q1', 'Q2', 'Q3', 'Q4'))} {KINDS[i % len(KINDS)]} {i + 1}",
                "kind": KINDS[i % len(KINDS)],
                "owner": rnd.choice(workers),
                "start": _day(start),
                "end": _day(start + rnd.randint(30, 120)),
                "status": status,
                "channels": rnd.sample(CHANNELS, 3),
                "objective": "Grow qualified pipeline.",
                "impact": rnd.randint(1, 5),
                "effort": rnd.randint(1, 5),
            }
        )

    doc: dict[str, Any] = {
        "format": "mpm-workspace",
        "version": 1,
        "settings": [{"key": SETTING_KEY, "value": generator_hash()}],
        "members": members,
        "boards": boards,
        "columns": columns,
        "projects": projects,
        "holidays": [{"id": 1, "date": _day(31), "name": "Company offsite"}],
    }
    _add_tasks(doc, rnd, size, counts, workers)
    _plan_over_a_year(doc, random.Random(f"{size}-{seed}-plan"))
    return doc


def _add_tasks(
    doc: dict[str, Any], rnd: random.Random, size: int, counts: list[int], workers: list[str]
) -> None:
    """Tasks (main board by state, then the small boards) and their details."""
    places = [(MAIN_BOARD, MAIN_COLUMNS[s], s) for s, n in enumerate(counts) for _ in range(n)]
    side = [c for c in doc["columns"] if c["board"] != MAIN_BOARD]
    places += [
        (c["board"], c["name"], c["position"])
        for c in (rnd.choice(side) for _ in range(size - len(places)))
    ]
    rnd.shuffle(places)
    projects = doc["projects"]
    tasks, checklist, comments, collaborators = [], [], [], []
    last_in_project: dict[str, list[int]] = {}
    for tid, (board, column, state) in enumerate(places, start=1):
        project = rnd.choice(projects) if rnd.random() < 0.92 else None
        start = rnd.randint(-120, -5) if state == 3 else rnd.randint(-20, 40)
        days = rnd.choice((0.5, 1, 1, 2, 3, 5))
        owner = rnd.choice(workers) if rnd.random() < 0.9 else None
        task: dict[str, Any] = {
            "id": tid,
            "title": f"{rnd.choice(VERBS)} {rnd.choice(THINGS)} #{tid}",
            "board": board,
            "column": column,
            "estimate_days": days,
            "start": _day(start),
            "due": _day(start + math.ceil(days) + rnd.randint(0, 3)),
            "priority": rnd.choices(("low", "normal", "high", "urgent"), (2, 10, 3, 1))[0],
            "created_at": NOW - timedelta(days=max(6, 10 - start)),
            "entered_column_at": NOW - timedelta(days=rnd.randint(0, 12), hours=rnd.random()),
        }
        if project:
            task["project"] = project["name"]
            task["channel"] = rnd.choice(project["channels"])
            earlier = last_in_project.setdefault(project["name"], [])
            if earlier and rnd.random() < 0.25:
                task["depends_on"] = sorted(set(rnd.sample(earlier[-8:], min(2, len(earlier)))))
            earlier.append(tid)
        if owner:
            task["owner"] = owner
        if state >= 2 or rnd.random() < 0.1:
            task["reviewer"] = rnd.choice(workers)
        if state == 3:
            task["completed_at"] = task["entered_column_at"]
        if state < 3 and rnd.random() < 0.04:
            task |= {"blocked": True, "blocked_reason": "Waiting on legal sign-off"}
        tasks.append(task)
        if rnd.random() < 0.3:
            n = rnd.randint(2, len(CHECK_ITEMS))
            checklist += [
                {"task": tid, "text": text, "done": state == 3 or k < n // 2, "position": k}
                for k, text in enumerate(CHECK_ITEMS[:n])
            ]
        for k in range(rnd.choice((0, 0, 1, 1, 2, 3))):
            comments.append(
                {
                    "task": tid,
                    "author": rnd.choice(workers),
                    "body": rnd.choice(COMMENTS),
                    "created_at": NOW - timedelta(days=3 - k, hours=rnd.randint(0, 8)),
                }
            )
        if owner and rnd.random() < 0.15:
            other = rnd.choice(workers)
            if other != owner:
                collaborators.append({"task": tid, "member": other, "role": "designer"})
    for rows in (checklist, comments):
        for i, row in enumerate(rows, start=1):
            row["id"] = i
    milestones: list[dict[str, Any]] = []
    for project in projects:
        ids = last_in_project.get(project["name"], [])
        for k, kind in enumerate(("planning_done", "launch", "end")):
            milestones.append(
                {
                    "id": len(milestones) + 1,
                    "project": project["name"],
                    "name": kind.replace("_", " ").capitalize(),
                    "kind": kind,
                    "date": project["start"] + timedelta(days=10 + 25 * k),
                    "depends_on": ids[k * 3 : k * 3 + 2],
                }
            )
    doc |= {
        "tasks": tasks,
        "checklist": checklist,
        "comments": comments,
        "collaborators": collaborators,
        "milestones": milestones,
    }


def _plan_over_a_year(doc: dict[str, Any], rnd: random.Random) -> None:
    """Date projects, tasks and milestones over about a year around "now".

    Each project gets a window between `PLAN_FIRST` and `PLAN_LAST` days from
    today that runs across today (the projects are in progress), staggered so
    that the timeline steps down the year. A task falls inside its project's
    window: done ones before today, open ones from a month ago on, after the
    tasks it depends on. Milestones sit at a quarter, two thirds and the end of
    the window. A separate random stream: apart from these dates (and a
    project's status, planning when it starts later), the workspace and so the
    board are what `_add_tasks` made.
    """
    done_columns = {(c["board"], c["name"]) for c in doc["columns"] if c["is_done"]}
    windows: dict[str, tuple[int, int]] = {}
    for project in doc["projects"]:
        first = rnd.randint(PLAN_FIRST, 20)
        last = rnd.randint(max(first + 60, 10), max(first + 60, PLAN_LAST))
        windows[project["name"]] = (first, last)
        project |= {"start": _day(first), "end": _day(last + rnd.randint(-10, 20))}
        if first > 0:
            project["status"] = "planning"
        elif project["status"] == "planning":
            project["status"] = "active"
    by_id = {task["id"]: task for task in doc["tasks"]}
    for task in doc["tasks"]:  # in id order: what a task depends on is dated first
        first, last = windows.get(task.get("project", ""), (PLAN_FIRST, PLAN_LAST))
        length = math.ceil(task["estimate_days"]) + rnd.randint(0, 3)
        if (task["board"], task["column"]) in done_columns:
            start = rnd.randint(first, max(first, -5 - length))
        else:
            start = rnd.randint(max(first, -30), max(first, -30, last - length))
            after = [(by_id[p]["due"] - TODAY).days + 1 for p in task.get("depends_on", ())]
            start = max([start, *after])
        task |= {
            "start": _day(start),
            "due": _day(start + length),
            "created_at": NOW - timedelta(days=max(6, 10 - start)),
        }
    for milestone in doc["milestones"]:
        first, last = windows[milestone["project"]]
        share = {"planning_done": 0.25, "launch": 2 / 3, "end": 1.0}[milestone["kind"]]
        milestone["date"] = _day(first + round((last - first) * share))


def _cached_hash(path: Path) -> str | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (SETTING_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def workspace_db(size: int, seed: int) -> tuple[Path, bool]:
    """The cached database for (size, seed), generated if missing or stale.

    Returns the path and whether it was generated now. Never open the cached
    file for writing: copy it (`fresh_copy`) first.
    """
    path = CACHE_DIR / f"{size}-{seed}.db"
    if path.exists() and _cached_hash(path) == generator_hash():
        return path, False
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    for stale in (partial, path):
        stale.unlink(missing_ok=True)
    _generate(partial, size, seed)
    partial.replace(path)
    return path, True


def _generate(path: Path, size: int, seed: int) -> None:
    from mpm_tui.db.database import close_database, db, open_database
    from mpm_tui.schemas.enums import Role
    from mpm_tui.schemas.workspace import WorkspaceDocument
    from mpm_tui.services.context import Actor, ServiceContext
    from mpm_tui.services.workspace_import import import_document

    document = WorkspaceDocument.model_validate(build_document(size, seed))
    open_database(path)
    try:
        ctx = ServiceContext(Actor("benchmark set-up", Role.ADMIN), lambda: NOW)
        import_document(ctx, document, source=f"benchmark {size}-{seed}")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_database()


def fresh_copy(source: Path, directory: Path) -> Path:
    """A private, writable copy of a cached workspace."""
    target = directory / source.name
    shutil.copyfile(source, target)
    return target
