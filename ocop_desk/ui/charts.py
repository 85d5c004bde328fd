"""Two small charts drawn with QPainter: stars across a session, and one product's parts.

Why QPainter and not Qt Charts or matplotlib: the product ships
PySide6-Essentials only (Qt Charts is in the Addons wheel, matplotlib adds
~40 MB to the frozen app); two bar charts are a few dozen lines; and the same
`paint(painter, rect)` draws on screen, into a PNG or onto a printer page at
any resolution, with the app's fonts (Vietnamese diacritics included).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ocop_desk.ui.format import points_text

STAR_COLOURS = ("#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#1e8449")
PART_COLOURS = ("#2e86c1", "#8e44ad", "#16a085", "#d35400")


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    maximum: Decimal | None = None  # drawn as an outline behind the bar
    caption: str = ""


class BarChart(QWidget):
    """Vertical bars with their values written on top; `paint` is reusable off screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: tuple[Bar, ...] = ()
        self.colours: Sequence[str] = PART_COLOURS
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    def set_data(self, title: str, bars: Sequence[Bar], colours: Sequence[str] | None = None,
                 empty_text: str = "") -> None:
        self.title = title
        self.bars = tuple(bars)
        if colours is not None:
            self.colours = colours
        self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        palette = self.palette()
        text_colour = palette.windowText().color()
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(text_colour)
        title_rect = QRectF(rect.left() + 6, rect.top() + 4, rect.width() - 12, line * 2 + 4)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.title)
        title_h = painter.boundingRect(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                                       self.title).height()
        area = QRectF(rect.left() + 10, rect.top() + title_h + 8 + line,
                      rect.width() - 20, rect.height() - title_h - 16 - line * 3)
        if not self.bars or area.height() < 10:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        top = max(max((b.maximum or b.value) for b in self.bars), Decimal(1))
        n = len(self.bars)
        slot = area.width() / n
        width = min(slot * 0.6, 90.0)
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for i, bar in enumerate(self.bars):
            x = area.left() + slot * i + (slot - width) / 2
            colour = QColor(self.colours[i % len(self.colours)])
            if bar.maximum is not None:
                h_max = float(bar.maximum / top) * area.height()
                painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(x, area.bottom() - h_max, width, h_max))
            h = float(bar.value / top) * area.height()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(x, area.bottom() - h, width, h))
            painter.setPen(text_colour)
            value_text = bar.caption or points_text(bar.value)
            painter.drawText(QRectF(x - slot, area.bottom() - h - line - 2, width + 2 * slot, line),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, value_text)
            painter.drawText(QRectF(area.left() + slot * i, area.bottom() + 4, slot, line * 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             bar.label)
