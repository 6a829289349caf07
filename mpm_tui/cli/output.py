"""Printing results: aligned plain-text tables and JSON, nothing fancy."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.files import write_atomically


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def to_json(items: Any) -> str:
    def convert(obj: Any) -> Any:
        if is_dataclass(obj) and not isinstance(obj, type):
            return {k: convert(v) for k, v in asdict(obj).items()}
        if isinstance(obj, list | tuple):
            return [convert(v) for v in obj]
        if isinstance(obj, dict):
            return {k: convert(v) for k, v in obj.items()}
        return _plain(obj)

    return json.dumps(convert(items), indent=2, ensure_ascii=False)


def cell(value: Any, width: int | None = None) -> str:
    if value is None:
        text = "—"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(_plain(value))
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: dict[str, int] | None = None
) -> str:
    """Columns padded to their widest cell; `widths` caps some columns."""
    widths = widths or {}
    cells = [[cell(v, widths.get(h)) for h, v in zip(headers, row, strict=True)] for row in rows]
    sizes = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(sizes[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    if not rows:
        lines.append("(none)")
    return "\n".join(lines)


def write_file(path: Path, text: str) -> None:
    """What `-o FILE` writes: whole or not at all (a directory is refused)."""
    if path.is_dir():
        raise InvalidInput(f"-o: {path} is a directory")
    write_atomically(path, text, shown=str(path), prefix="-o: ")
