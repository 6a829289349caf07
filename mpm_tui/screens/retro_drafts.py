"""Unsaved retrospective text kept on disk, so nothing typed is lost.

A draft is what the editor holds and has not saved: kept per workspace,
retrospective and item (or "new item in section X") in `drafts.json` in the
user data dir, written a moment after each change and when the screen is
left, dropped once saved or discarded. A broken or unreadable file is
ignored (drafts are a safety net, never a reason not to start).
"""

from __future__ import annotations

import json
from pathlib import Path

from mpm_tui.config import paths


class DraftStore:
    def __init__(self, workspace: str, path: Path | None = None) -> None:
        self.workspace = workspace
        self.path = path or paths().data_dir / "drafts.json"
        self._drafts: dict[str, str] = self._read()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def key(self, retro_id: int, slot: str) -> str:
        return f"{self.workspace}|{retro_id}|{slot}"

    def get(self, retro_id: int, slot: str) -> str | None:
        return self._drafts.get(self.key(retro_id, slot))

    def put(self, retro_id: int, slot: str, text: str) -> None:
        self._drafts[self.key(retro_id, slot)] = text

    def drop(self, retro_id: int, slot: str) -> None:
        self._drafts.pop(self.key(retro_id, slot), None)

    def slots(self, retro_id: int) -> list[str]:
        """The slots of a retrospective that hold a draft."""
        prefix = f"{self.workspace}|{retro_id}|"
        return [key[len(prefix) :] for key in self._drafts if key.startswith(prefix)]

    def save(self) -> None:
        """Write the drafts (quietly: a read-only home must not stop the editor)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".part")
            temporary.write_text(json.dumps(self._drafts, ensure_ascii=False), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass
