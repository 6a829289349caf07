"""A base for line-rendered widgets: work shared by a frame's lines done once.

`render_lines` opens a memo for the frame; `_per_frame` computes a value
once while the frame is drawn (and every time outside one, where the state
may change in between); `_style` is a component class's style, memoised so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

T = TypeVar("T")


class FrameMemo(Widget):
    _memo: dict[object, object] | None = None

    def _per_frame(self, key: object, compute: Callable[[], T]) -> T:
        memo = self._memo
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return memo[key]  # type: ignore[return-value]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._memo = {}
        try:
            return super().render_lines(crop)
        finally:
            self._memo = None

    def _style(self, name: str) -> Style:
        """A component class's style ("" for none), once per frame."""
        if not name:
            return Style()
        return self._per_frame(
            ("style", name), lambda: self.get_component_rich_style(name, partial=True)
        )
