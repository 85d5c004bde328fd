"""Wrapped text cells that never overflow their width.

Platypus `Paragraph` parses markup on every instance, which dominates the
time of a 1,800-sheet print; score sheets repeat the same labels thousands
of times, so line breaking is cached per (text, font, size, width) and
drawing is plain `drawString`.  A word wider than the cell (a long code, a
product name without spaces) is broken between characters rather than let
run outside the cell.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable


@lru_cache(maxsize=65536)
def split_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
                current = ""
            while stringWidth(word, font, size) > width and len(word) > 1:
                cut = _fit_prefix(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return tuple(lines)


def elide(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width`: cut at a word with an ellipsis when it is longer."""
    lines = split_lines(" ".join(text.split()), font, size, width)
    if len(lines) <= 1:
        return lines[0] if lines else ""
    first = lines[0]
    while first and stringWidth(first + "…", font, size) > width:
        first = first.rsplit(" ", 1)[0] if " " in first else first[:-1]
    return first + "…"


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _fit_prefix(word: str, font: str, size: float, width: float) -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


class TextCell(Flowable):
    """Plain text wrapped to the width it is given; align left, center or right."""

    def __init__(self, text: str, font: str, size: float, *, leading: float | None = None,
                 align: str = "left", color: Color | str | None = None) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading or size * 1.22
        self.align = align
        self.color = color
        self._lines: tuple[str, ...] = ()
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = availWidth
        self._lines = split_lines(self.text, self.font, self.size, max(availWidth, self.size))
        self.width = availWidth
        self.height = self.leading * len(self._lines)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size, self.leading)
        if self.color is not None:
            canv.setFillColor(self.color)
        y = self.height - self.leading + 0.27 * self.size  # room for descenders
        for line in self._lines:
            if self.align == "center":
                canv.drawCentredString(self._avail / 2, y, line)
            elif self.align == "right":
                canv.drawRightString(self._avail, y, line)
            else:
                canv.drawString(0, y, line)
            y -= self.leading
