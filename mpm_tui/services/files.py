"""Reading and writing the user's files: one clear message for each way it fails.

Imports (a workspace document, KPI actuals) read a whole text file first;
exports and templates are written through a `.part` file replaced at the
end, so a failed write never leaves half a document behind.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from mpm_tui.services.errors import InvalidInput


def read_text(path: Path, *, name: str, not_a: str, expected: str, encoding: str = "utf-8") -> str:
    """The file's text, or InvalidInput naming it: `{name}: no such file`,
    `… is a directory, not {not_a}`, `… not a text file (expected {expected} in UTF-8)`."""
    try:
        return path.read_text(encoding=encoding)
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name}: is a directory, not {not_a}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{name}: not a text file (expected {expected} in UTF-8)") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read: {exc.strerror or exc}") from None


def write_atomically(path: Path, text: str, *, shown: str, prefix: str = "") -> None:
    """Write `text` to `path` through `path.part`; a failure leaves nothing and raises
    InvalidInput `{prefix}cannot write {shown}: reason`."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink()
        raise InvalidInput(f"{prefix}cannot write {shown}: {exc.strerror or exc}") from None
