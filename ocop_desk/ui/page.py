"""The base of every screen: live re-translation and reload-on-change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QStyle, QTableView, QTableWidget, QTableWidgetItem, QWidget

from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes
from ocop_desk.ui.texts import Texts
from ocop_desk.ui.widgets import TooltipWhenElided

if TYPE_CHECKING:
    from ocop_desk.sessions import SessionSummary


class Page(QWidget):
    key = ""
    # the kinds of data this screen shows; other changes never reload it
    watches = Changes.ALL

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.texts = Texts()
        self._stale = True
        ctx.bus.changed.connect(self._on_changes)

    def retranslate(self) -> None:
        self.texts.apply()
        self.retranslate_dynamic()

    def retranslate_dynamic(self) -> None:
        """Texts built from data (counts, totals, states): re-rendered after a language switch."""

    def reload(self) -> None:
        """Fetch what the screen shows from the services."""

    def open_with(self, **kwargs: object) -> None:
        """Called when another screen navigates here with arguments."""

    def _on_changes(self, changes: Changes, origin: object) -> None:
        if origin is self or not (changes & self.watches):
            return
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()


def cell_key(table: QTableWidget, row: int, column: int = 0) -> Any:
    """What a record table's cell keeps under UserRole (its record's id); None for an empty cell."""
    item = table.item(row, column)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a table's cell, put there empty first if the cell has none."""
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    return item


def record_table(columns: int, name: str, *, stretch: tuple[int, ...] = (), stretch_last: bool = False,
                 tab_keys: bool = True) -> QTableWidget:
    """The read-only, one-row-at-a-time table every screen lists its records in.

    Columns fit their contents except those in `stretch`; `tab_keys=False` lets Tab leave the table
    (for tables that sit among buttons) instead of walking its cells.
    """
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for col in stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(stretch_last)
    table.setTabKeyNavigation(tab_keys)
    keep_headers_whole(table)
    return table


def keep_headers_whole(table: QTableView) -> None:
    """No column of `table` is ever narrower than its header; a cell cut short ("…") tells its text as a tooltip.

    When the contents need more room than the table has, the stretched columns stop stretching and
    keep their header's width, and the table scrolls sideways inside itself (never the page).
    """
    if type(table.itemDelegate()).__name__ == "QStyledItemDelegate":  # a screen's own delegate is kept
        table.setItemDelegate(TooltipWhenElided(table))
    header = table.horizontalHeader()
    stretched = {i for i in range(header.count()) if header.sectionResizeMode(i) == QHeaderView.ResizeMode.Stretch}

    def fit(*_args: object) -> None:
        try:
            _fit()
        except RuntimeError:  # the table is being deleted
            pass

    def _fit() -> None:
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        need = {i: header.sectionSizeFromContents(i).width() for i in shown}
        for i in shown:
            if (i not in stretched and header.sectionResizeMode(i) == QHeaderView.ResizeMode.Interactive
                    and header.sectionSize(i) < need[i]):
                header.resizeSection(i, need[i])
        fixed = sum(header.sectionSize(i) for i in shown if i not in stretched)
        wants = [need[i] for i in shown if i in stretched]
        # Qt shares the room left equally among stretched columns: each share must hold the widest header
        squeezed = bool(wants) and table.viewport().width() - fixed < len(wants) * max(wants)
        for i in stretched:
            mode = QHeaderView.ResizeMode.Interactive if squeezed else QHeaderView.ResizeMode.Stretch
            if header.sectionResizeMode(i) != mode:
                header.setSectionResizeMode(i, mode)
            if squeezed and i in need and header.sectionSize(i) < need[i]:
                header.resizeSection(i, need[i])

    class _OnResize(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Resize:
                fit()
            return False

    on_resize = _OnResize(table)
    setattr(table, "_header_fit", on_resize)  # kept alive with the table
    table.viewport().installEventFilter(on_resize)  # a scroll bar appearing narrows only the viewport
    table.model().headerDataChanged.connect(fit)
    table.model().columnsInserted.connect(fit)
    table.model().rowsInserted.connect(fit)
    table.model().modelReset.connect(fit)
    header.sectionResized.connect(fit)
    fit()


def width_of_columns(table: QTableView) -> None:
    """A short list (a council's members) is never narrower than its columns: names are never cut to "T…".

    The layout around it reflows instead (a reflowing splitter puts it above its neighbour).
    """
    header = table.horizontalHeader()

    def fit(*_args: object) -> None:
        try:
            last = header.count() - 1 if header.stretchLastSection() else -1
            width = sum(max(table.sizeHintForColumn(i), header.sectionSizeFromContents(i).width(),
                            header.sectionSize(i) if i != last else 0)  # a stretched size would only grow
                        for i in range(header.count()) if not header.isSectionHidden(i))
            # sizeHintForColumn leaves out a check box's indicator: room for one keeps a sideways bar away
            slack = table.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 8
            width += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width() + slack
            if table.minimumWidth() != width:
                table.setMinimumWidth(width)
        except RuntimeError:  # the table is being deleted
            pass

    model = table.model()
    for signal in (model.dataChanged, model.rowsInserted, model.modelReset, model.headerDataChanged):
        signal.connect(fit)
    header.sectionResized.connect(fit)
    fit()
