"""Options for a `Select` made of user text.

Shown as typed (a `Text`, never parsed as markup: `[Q4] launch` stays whole)
and findable by typing: Textual 8's Select overlay searches only `str` and
`Text` prompts, so a `Content` prompt would silently turn type-to-search off.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text


def plain_options(names: Iterable[str]) -> list[tuple[Text, str]]:
    """(prompt, value) pairs for a Select whose values are the names themselves."""
    return [(Text(name), name) for name in names]


def labelled_options(pairs: Iterable[tuple[str, str]]) -> list[tuple[Text, str]]:
    """(prompt, value) pairs from (value, label) pairs."""
    return [(Text(label), value) for value, label in pairs]
