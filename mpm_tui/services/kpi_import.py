"""Importing a project's dated KPI actuals from a CSV file, all or nothing.

The file reads `date,kpi,value` (header names in any case and order, no other
columns), ISO dates, KPI names of the project in any case, and plain numbers
(`1234.5`; a thousands separator is accepted inside quotes: `"1,234"`). The
whole file is checked first; any problem refuses it with the file, the line and
the problem, and nothing is written. Rows are stored as dated entries like
`goals.add_kpi_entry`'s: a day that already has a value is replaced, and each
touched KPI's `actual` becomes the sum of its entries.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mpm_tui.db.database import db
from mpm_tui.db.models import Kpi, Project
from mpm_tui.schemas.enums import Role
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.files import read_text
from mpm_tui.services.goals import (
    funnel_order,
    parse_number,
    project_kpis,
    suggest,
    sum_into_actuals,
    upsert_entries,
)
from mpm_tui.services.lookups import project_named

CSV_COLUMNS = ("date", "kpi", "value")


@dataclass(frozen=True)
class KpiActual:
    """One checked row of an import file."""

    line: int
    day: date
    kpi_id: int
    kpi: str
    value: float


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_source(path_or_text: str | Path, source: str | None) -> tuple[str, str]:
    """(text, name for messages). A Path, or a str without a line break, is a file."""
    if isinstance(path_or_text, str) and ("\n" in path_or_text or not path_or_text.strip()):
        return path_or_text.removeprefix("\ufeff"), source or "CSV text"
    name = source or str(path_or_text)
    text = read_text(
        Path(path_or_text), name=name, not_a="a CSV file", expected="CSV", encoding="utf-8-sig"
    )
    return text, name


class _Problems:
    """The problems of a file, reported as the first one and how many more."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[tuple[int, str]] = []

    def add(self, line: int, problem: str) -> None:
        self.found.append((line, problem))

    def refuse(self) -> InvalidInput:
        (line, problem), more = self.found[0], self.found[1:]
        message = f"{self.name}: line {line}: {problem}"
        if more:
            lines = sorted({n for n, _ in more})
            shown = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
            plural = "s" if len(more) > 1 else ""
            message += f" (and {len(more)} more problem{plural}: line{plural} {shown})"
        return InvalidInput(message)


def _header(row: list[str], line: int, problems: _Problems) -> dict[str, int] | None:
    """Column positions by name, or None (with the problem noted)."""
    names = [cell.strip().casefold() for cell in row]
    if len(names) == 1 and ";" in names[0]:
        problems.add(line, f"columns must be separated by commas (got {row[0]!r})")
        return None
    for index, name in enumerate(names):
        if name not in CSV_COLUMNS:
            what = f"unexpected column {row[index].strip()!r}" if name else "an unnamed column"
            problems.add(line, f"{what} (only date, kpi and value are read)")
            return None
        if names.index(name) != index:
            problems.add(line, f"column {name!r} appears twice")
            return None
    missing = [repr(c) for c in CSV_COLUMNS if c not in names]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        problems.add(
            line, f"missing column{plural} {', '.join(missing)} (the header is date,kpi,value)"
        )
        return None
    return {name: names.index(name) for name in CSV_COLUMNS}


def _check_row(
    cells: list[str],
    line: int,
    project: str,
    kpis: dict[str, list[Kpi]],
    names: list[str],
) -> tuple[date, Kpi, float] | str:
    """The row's values, or its first problem."""
    day_text, kpi_text, value_text = (c.strip() for c in cells)
    for what, text in (("date", day_text), ("kpi", kpi_text), ("value", value_text)):
        if not text:
            return f"{what} is empty"
    try:
        if not _ISO_DATE.fullmatch(day_text):
            raise ValueError(day_text)
        day = date.fromisoformat(day_text)
    except ValueError:
        return f"date {day_text!r} is not a date (YYYY-MM-DD)"
    found = kpis.get(kpi_text.casefold(), [])
    if not found:
        return f"no KPI {kpi_text!r} in project {project!r} {suggest(kpi_text, names, 'KPIs')}"
    if len(found) > 1:
        return f"KPI {kpi_text!r} is ambiguous: " + ", ".join(k.name for k in found)
    value = parse_number(value_text)
    if value is None:
        return f"value {value_text!r} is not a number"
    if value < 0:
        return f"value {value_text!r} is negative (actuals are 0 or more)"
    return day, found[0], value


def _parse_rows(text: str, name: str, project: Project, kpis: Sequence[Kpi]) -> list[KpiActual]:
    problems = _Problems(name)
    if not text.strip():
        raise InvalidInput(f"{name}: the file is empty (expected a header row: date,kpi,value)")
    by_name: dict[str, list[Kpi]] = defaultdict(list)
    for kpi in kpis:
        by_name[kpi.name.casefold()].append(kpi)
    names = [k.name for k, _ in funnel_order(kpis)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: dict[str, int] | None = None
    found: list[KpiActual] = []
    first_line: dict[tuple[int, date], int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = _header(row, line, problems)
                if columns is None:
                    raise problems.refuse()
                continue
            if len(row) != len(CSV_COLUMNS):
                hint = ""
                if len(row) > len(CSV_COLUMNS):
                    hint = ' — quote a number with a thousands separator ("1,234")'
                problems.add(line, f"expected 3 values (date, kpi, value), found {len(row)}{hint}")
                continue
            checked = _check_row(
                [row[columns[c]] for c in CSV_COLUMNS], line, project.name, by_name, names
            )
            if isinstance(checked, str):
                problems.add(line, checked)
                continue
            day, kpi, value = checked
            earlier = first_line.setdefault((kpi.id, day), line)
            if earlier != line:
                problems.add(
                    line,
                    f"{kpi.name} on {day} is already on line {earlier} (one value per KPI and day)",
                )
                continue
            found.append(KpiActual(line, day, kpi.id, kpi.name, value))
    except csv.Error as exc:
        problems.add(reader.line_num, f"not valid CSV ({exc})")
    if problems.found:
        raise problems.refuse()
    if not found:
        raise InvalidInput(f"{name}: no rows after the header (nothing to import)")
    return found


def read_kpi_csv(
    project: str, path_or_text: str | Path, *, source: str | None = None
) -> list[KpiActual]:
    """Check an import file without writing anything: its rows, or InvalidInput naming
    the file, the line and the problem. `path_or_text` is a file (a Path, or a str
    without a line break) or the CSV text itself; `source` names it in messages."""
    text, name = _read_source(path_or_text, source)
    project_row = project_named(project)
    return _parse_rows(text, name, project_row, project_kpis(project_row.id))


def import_kpi_actuals(
    ctx: ServiceContext, project: str, path_or_text: str | Path, *, source: str | None = None
) -> int:
    """Load dated actuals (`date,kpi,value`) into a project's KPIs, all or nothing:
    same-day values are replaced and each touched KPI's actual becomes the sum of its
    entries. Returns the number of rows imported."""
    ctx.require(Role.EDITOR, "import KPI actuals")
    text, name = _read_source(path_or_text, source)
    with db.atomic():
        project_row = project_named(project)
        kpis = project_kpis(project_row.id)
        rows = _parse_rows(text, name, project_row, kpis)
        upsert_entries([(r.kpi_id, r.day, r.value) for r in rows])
        actuals = sum_into_actuals(dict.fromkeys(r.kpi_id for r in rows))
        by_id = {k.id: k for k in kpis}
        counts: dict[int, int] = defaultdict(int)
        for r in rows:
            counts[r.kpi_id] += 1
        touched = [k for k, _ in funnel_order(kpis) if k.id in actuals]
        activity.record(
            ctx,
            "project",
            project_row.id,
            "import",
            f"imported {len(rows)} KPI actuals into {project_row.name} "
            f"({', '.join(k.name for k in touched)}) from {name}",
            before={"kpis": {by_id[i].name: {"actual": by_id[i].actual} for i in actuals}},
            after={
                "file": name,
                "kpis": {
                    by_id[i].name: {"actual": actual, "rows": counts[i]}
                    for i, actual in actuals.items()
                },
            },
        )
    return len(rows)
