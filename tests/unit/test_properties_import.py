"""Property: `mpm import` of any file, however broken, either imports it whole or
exits non-zero with one line on stderr, no traceback, and the target workspace left
empty.

The documents are the real export of the demo workspace, damaged at random: keys
dropped, values of the wrong type, unknown references, dependency and KPI cycles,
duplicated or removed rows, huge and negative numbers, unicode and `[markup]`;
then truncated text and plain random bytes.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import shutil
import sqlite3
import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpm_tui.cli import main
from mpm_tui.db.database import close_database, open_database
from mpm_tui.services.workspace_export import export_toml


def examples(count: int) -> settings:
    """`count` examples; the fixtures are set up once per test, which is right here:
    each example makes its own files (so the function-scoped fixture check is off)."""
    return settings(max_examples=count, suppress_health_check=[HealthCheck.function_scoped_fixture])


Document = dict[str, Any]


def run_cli(*argv: str | Path) -> tuple[int, str, str]:
    """`main(argv)` with its output captured (capsys is per test, not per example)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the schema version, read with plain sqlite3."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: con.execute(f'SELECT * FROM "{t}"').fetchall()
            for t in names
            if t != "schema_version"
        }


@pytest.fixture(scope="module")
def demo_export(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Document:
    """The demo's real export, its activity log cut to 40 entries (fast to import)."""
    path = tmp_path_factory.mktemp("export") / "demo.db"
    shutil.copyfile(demo_template, path)
    open_database(path)
    try:
        document = tomllib.loads(export_toml())
    finally:
        close_database()
    document["activity"] = document["activity"][:40]
    return document


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    open_database(path)
    close_database()
    return path


@pytest.fixture
def importer(empty_template: Path, tmp_path: Path) -> Iterator[Any]:
    """Imports a document (text or bytes) into a fresh empty workspace; checks the
    properties and returns the exit status."""
    counter = itertools.count()
    empty_rows = rows(empty_template)

    def attempt(content: str | bytes) -> int:
        n = next(counter)
        doc, target = tmp_path / f"doc{n}.toml", tmp_path / f"w{n}.db"
        if isinstance(content, bytes):
            doc.write_bytes(content)
        else:
            doc.write_text(content, encoding="utf-8")
        shutil.copyfile(empty_template, target)
        code, out, err = run_cli("--db", target, "import", doc)
        assert "Traceback" not in err and "internal error" not in err, err
        if code == 0:
            assert out.startswith("imported "), out
            code, _, err = run_cli("--db", target, "export")  # and what it holds reads back
            assert code == 0, err
        else:
            assert code == 1, (code, err)
            assert err.startswith("mpm: error: ") and err.count("\n") == 1, err
            assert rows(target) == empty_rows, "a refused import wrote something"
        for leftover in (doc, target):
            leftover.unlink()
        return code

    yield attempt


def test_the_undamaged_export_imports(demo_export: Document, importer: Any) -> None:
    assert importer(tomli_w.dumps(demo_export)) == 0


# --- how a document is damaged -----------------------------------------------------------

REFERENCES = {
    "project",
    "board",
    "column",
    "owner",
    "reviewer",
    "member",
    "task",
    "parent",
    "author",
    "added_by",
    "retrospective",
    "approved_by",
    "depends_on",
    "cut_tasks",
}

TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "   ",
            "[bold]x[/]",
            "[Q4] launch",
            "ünïcødé ✓ 漢字 🚀",
            "\x00\x1b[31m",
            "a" * 5000,
            "2026-02-30",
            "none",
            "Maya Chen",
        ]
    ),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 1, 2**31, 2**63 - 1, -(2**63), 10**30, -(10**30)]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(
    TEXT,
    NUMBERS,
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
)
JUNK = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=5), SCALARS, max_size=2),
)


def _sections(document: Document) -> list[str]:
    return [k for k, v in document.items() if isinstance(v, list) and v]


@st.composite
def damaged(draw: st.DrawFn, base: Document) -> Document:
    """The export with one to three things wrong with it."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        sections = _sections(document)
        if not sections:
            break
        section = draw(st.sampled_from(sections))
        table = document[section]
        index = draw(st.integers(0, len(table) - 1))
        row = table[index]
        if not isinstance(row, dict):
            continue
        keys = sorted(row)
        kind = draw(
            st.sampled_from(
                ["set", "drop", "unknown-ref", "cycle", "duplicate", "remove", "section", "top"]
            )
        )
        if kind == "set":
            key = draw(st.sampled_from([*keys, "surprise"]))
            row[key] = draw(JUNK)
        elif kind == "drop" and keys:
            del row[draw(st.sampled_from(keys))]
        elif kind == "unknown-ref":
            refs = sorted(REFERENCES & set(keys))
            if refs:
                key = draw(st.sampled_from(refs))
                row[key] = draw(
                    st.sampled_from(["Nobody at all", 999_999, [999_999], ["#1"], -1, 0])
                )
        elif kind == "cycle" and section in {"tasks", "kpis"} and len(table) > 1:
            other = table[(index + 1) % len(table)]
            if section == "tasks":
                row["depends_on"] = [*row.get("depends_on", []), other["id"]]
                other["depends_on"] = [*other.get("depends_on", []), row["id"]]
            else:
                row["parent"], other["parent"] = other["id"], row["id"]
        elif kind == "duplicate":
            table.append(copy.deepcopy(row))
        elif kind == "remove":
            del table[index]
        elif kind == "section":
            document[section] = draw(st.one_of(SCALARS, st.just([]), st.just([1, 2])))
        elif kind == "top":
            key = draw(st.sampled_from(["format", "version", "surprise"]))
            document[key] = draw(JUNK)
    return document


@examples(80)
@given(data=st.data())
def test_a_damaged_export_imports_whole_or_not_at_all(
    data: st.DataObject, demo_export: Document, importer: Any
) -> None:
    document = data.draw(damaged(demo_export))
    importer(tomli_w.dumps(document))


@examples(20)
@given(data=st.data())
def test_a_truncated_export_imports_whole_or_not_at_all(
    data: st.DataObject, demo_export: Document, importer: Any
) -> None:
    """Cut anywhere (a copy interrupted mid-write): valid TOML or not, all or nothing."""
    text = tomli_w.dumps(demo_export)
    importer(text[: data.draw(st.integers(0, len(text)))])


@examples(40)
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_random_bytes_are_refused_in_one_line(content: bytes | str, importer: Any) -> None:
    assert importer(content) == 1
