"""Widget texts that follow the language when it is switched live.

A screen binds each translatable text once, as a setter and a function that
produces the text (`lambda: _("Save")`, so the message id stays a literal
for extraction); `Texts.apply()` re-runs them after `set_language`.
"""

from __future__ import annotations

from typing import Callable


class Texts:
    def __init__(self) -> None:
        self._bound: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def bind(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        setter(text())
        self._bound.append((setter, text))

    def apply(self) -> None:
        alive = []
        for setter, text in self._bound:
            try:
                setter(text())
            except RuntimeError:  # the widget was deleted
                continue
            alive.append((setter, text))
        self._bound = alive
