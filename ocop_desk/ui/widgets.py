"""Small widgets every screen may use so that text is never cut silently."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPaintEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QLabel, QLayout, QLayoutItem, QSizePolicy, QSplitter, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget)


class ElidedLabel(QLabel):
    """One line that gives up width when room is short, ends in "…" and then shows the whole text as a tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 6)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._sync_tooltip()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _sync_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync_tooltip()

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, rect.width())
        painter.drawText(rect, int(self.alignment()), text)


def empty_layout(layout: QLayout) -> None:
    """Takes every item out of `layout`; the widgets among them are deleted once control returns to Qt."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto the next line when the row is too narrow (button bars)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + self.spacing() * max(len(visible) - 1, 0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class ReflowSplitter(QSplitter):
    """Side by side when the splitter is at least `side_by_side` characters wide, one above the other below.

    Its minimum width is its widest side's, so it never makes a screen scroll sideways.
    """

    def __init__(self, parent: QWidget | None = None, *, side_by_side: int = 100) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.side_by_side = side_by_side

    def _children(self) -> list[QWidget]:
        return [w for i in range(self.count()) if (w := self.widget(i)) is not None]

    def _side_by_side_width(self) -> int:
        widths = [w.minimumSizeHint().width() for w in self._children()]
        return max(sum(widths) + self.handleWidth() * max(self.count() - 1, 0),
                   self.fontMetrics().averageCharWidth() * self.side_by_side)

    def minimumSizeHint(self) -> QSize:
        widest = max((w.minimumSizeHint().width() for w in self._children()), default=0)
        tallest = max((w.minimumSizeHint().height() for w in self._children()), default=0)
        return QSize(widest, tallest)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wanted = (Qt.Orientation.Horizontal if event.size().width() >= self._side_by_side_width()
                  else Qt.Orientation.Vertical)
        if wanted != self.orientation():
            self.setOrientation(wanted)
        super().resizeEvent(event)


class TooltipWhenElided(QStyledItemDelegate):
    """A table cell whose text does not fit (and is drawn with "…") shows the whole text as its tooltip."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event is not None and event.type() == QEvent.Type.ToolTip and index.isValid() \
                and not index.data(Qt.ItemDataRole.ToolTipRole):
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text not in (None, ""):
                text = str(text)
                room = view.visualRect(index).width() - 2 * view.style().pixelMetric(
                    QStyle.PixelMetric.PM_FocusFrameHMargin) - 4
                widest = max(option.fontMetrics.horizontalAdvance(line) for line in text.splitlines() or [text])
                if widest > room and not view.property("wordWrap"):  # a table's, list's or tree's
                    QToolTip.showText(event.globalPos(), text, view)
                    return True
        return super().helpEvent(event, view, option, index)
