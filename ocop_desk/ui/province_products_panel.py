"""The Products tab of the province screen: every merged product, filtered and sorted, and one product's history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.i18n import N_, _
from ocop_desk.ui.format import mean_text, stars_text
from ocop_desk.ui.page import keep_headers_whole, record_table
from ocop_desk.ui.texts import Texts
from ocop_desk.ui.widgets import FlowLayout
from ocop_desk.vocabulary import status_name

HELD = QColor("#fff3cd")
ALL = "\x00all"
NO_STAR = "\x00none"


@dataclass(frozen=True)
class ProvinceRow:
    admin_unit: str
    code: str
    name: str
    council: str
    group_id: str
    group: str
    criteria_set: str
    mean: Decimal | None
    star: int | None
    status: str
    held: bool
    bundle: str



class ProductsModel(QAbstractTableModel):
    # the numbers a province officer reads first stay left of the long group names
    DISTRICT, CODE, PRODUCT, MEAN, STAR, STATUS, GROUP, COUNCIL, CRITERIA_SET = range(9)
    COLUMNS = (N_("District"), N_("Code"), N_("Product"), N_("Mean"), N_("Star"), N_("Status"), N_("Group"),
               N_("Council"), N_("Criteria set"))

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[ProvinceRow, ...] = ()
        self.order: tuple[int, Qt.SortOrder] = (self.DISTRICT, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[ProvinceRow]) -> None:
        self.beginResetModel()
        self.rows = self._sorted(rows)
        self.endResetModel()

    def _sorted(self, rows: Sequence[ProvinceRow]) -> tuple[ProvinceRow, ...]:
        column, order = self.order
        return tuple(sorted(rows, key=lambda r: (self.sort_key(r, column), r.code, r.council),
                            reverse=order == Qt.SortOrder.DescendingOrder))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # One Python sort of the keys: a proxy comparing through Python takes seconds for a country's rows.
        if column < 0:
            return
        self.order = (column, order)
        self.set_rows(self.rows)

    def refresh_texts(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.COLUMNS[section])
        return None

    def text(self, r: ProvinceRow, column: int) -> str:
        if column == self.MEAN:
            return mean_text(r.mean)
        if column == self.STAR:
            return stars_text(r.star)
        if column == self.STATUS:
            return status_name(r.status) + (" · " + _("held: conflict") if r.held else "")
        return {self.DISTRICT: r.admin_unit, self.CODE: r.code, self.PRODUCT: r.name, self.GROUP: r.group or "—",
                self.COUNCIL: r.council, self.CRITERIA_SET: r.criteria_set}[column]

    def sort_key(self, r: ProvinceRow, column: int) -> Any:
        if column == self.MEAN:
            return (r.mean is not None, r.mean or Decimal(0))
        if column == self.STAR:
            return r.star or 0
        return self.text(r, column).casefold()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and r.held:
            return QBrush(HELD)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (self.MEAN, self.STAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("bundle {id}").format(id=r.bundle)
        return None


class ProductsFilter(QSortFilterProxyModel):
    """District, group, star, status and free text; sorting is the source model's (by the value behind each cell)."""

    def __init__(self, model: ProductsModel) -> None:
        super().__init__()
        self.products = model
        self.setSourceModel(model)
        self.district = ALL
        self.group = ALL
        self.star: Any = ALL
        self.status = ALL
        self.needle = ""

    def set_filter(self, **kw: Any) -> None:
        if hasattr(self, "endFilterChange"):  # Qt 6.10+, where invalidateFilter is deprecated
            self.beginFilterChange()
            for k, v in kw.items():
                setattr(self, k, v)
            self.endFilterChange()
        else:
            for k, v in kw.items():
                setattr(self, k, v)
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        r = self.products.rows[source_row]
        if self.district != ALL and r.admin_unit != self.district:
            return False
        if self.group != ALL and r.group_id != self.group:
            return False
        if self.star != ALL and (r.star if r.star else NO_STAR) != self.star:
            return False
        if self.status == "held":
            if not r.held:
                return False
        elif self.status != ALL and r.status != self.status:
            return False
        if self.needle:
            hay = f"{r.code} {r.name} {r.council} {r.criteria_set}".casefold()
            if self.needle.casefold() not in hay:
                return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.products.sort(column, order)  # the source keeps the order; this proxy only filters


class ProductsPanel(QWidget):
    """Filters by district, group, star, status and free text over the products table; below it, the history of
    the product chosen in it."""

    product_chosen = Signal(str)  # a product code whose history is wanted

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        tx = texts.bind
        self.history_rows: list[dict[str, Any]] = []
        self.history_code: str | None = None
        filters = FlowLayout()
        self.district_box, self.group_box, self.star_box, self.status_box = (QComboBox() for _i in range(4))
        self.search = QLineEdit()
        self.search.setObjectName("provinceSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("M") * 12)
        tx(self.search.setPlaceholderText, lambda: _("Code, name, council…"))
        for text, box, name in ((lambda: _("&District:"), self.district_box, "districtFilter"),
                                (lambda: _("&Group:"), self.group_box, "groupFilter"),
                                (lambda: _("St&ar:"), self.star_box, "starFilter"),
                                (lambda: _("Stat&us:"), self.status_box, "statusFilter"),
                                (lambda: _("Fi&nd:"), self.search, "")):
            label = QLabel()
            tx(label.setText, text)
            label.setBuddy(box)
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(box)
            filters.addWidget(pair)
            if isinstance(box, QComboBox):
                box.setObjectName(name)
                box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                box.setMinimumContentsLength(14 if box is self.group_box else 6)
                box.currentIndexChanged.connect(self._filter_changed)
        self.search.textChanged.connect(self._filter_changed)
        self.model = ProductsModel()
        self.proxy = ProductsFilter(self.model)
        self.proxy.setDynamicSortFilter(False)  # filters are re-applied by set_filter, not on every change
        self.table = QTableView()
        self.table.setObjectName("provinceProducts")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(200)  # measure 200 rows, not a whole country's
        keep_headers_whole(self.table)
        self.shown = QLabel()
        self.shown.setObjectName("provinceShown")
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.history_title = QLabel()
        self.history_title.setWordWrap(True)
        self.history = record_table(6, "productHistory", stretch_last=True, tab_keys=False)
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(self.history_title)
        hl.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(history)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        pl = QVBoxLayout(self)
        pl.addLayout(filters)
        pl.addWidget(split, 1)
        pl.addWidget(self.shown)

    def set_rows(self, rows: Sequence[ProvinceRow]) -> None:
        self.model.set_rows(rows)
        self.fill_filters()
        self.table.resizeColumnsToContents()
        widest = self.table.fontMetrics().horizontalAdvance("M") * 22
        for col in range(self.model.columnCount()):
            if self.table.columnWidth(col) > widest:
                self.table.setColumnWidth(col, widest)

    # filters ---------------------------------------------------------------------
    def fill_filters(self) -> None:
        rows = self.model.rows
        choices = (
            (self.district_box, [(u, u) for u in sorted({r.admin_unit for r in rows})]),
            (self.group_box, sorted({(r.group_id, r.group or r.group_id) for r in rows if r.group_id},
                                    key=lambda g: g[1])),
            (self.star_box, [(s, stars_text(s)) for s in range(1, 6)] + [(NO_STAR, _("no star"))]),
            (self.status_box, [(s, status_name(s)) for s in ("ranked", "knocked_out", "not_rankable")]
             + [("held", _("held: conflict"))]),
        )
        for box, items in choices:
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(_("all"), ALL)
            for data, text in items:
                box.addItem(text, data)
            index = box.findData(keep)
            box.setCurrentIndex(index if index >= 0 else 0)
            box.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_filter(district=self.district_box.currentData() or ALL,
                              group=self.group_box.currentData() or ALL,
                              star=self.star_box.currentData() or ALL,
                              status=self.status_box.currentData() or ALL,
                              needle=self.search.text().strip())
        self.shown.setText(_("{shown} of {total} products shown").format(shown=self.proxy.rowCount(),
                                                                          total=self.model.rowCount()))

    def set_filter(self, *, district: str | None = None, group: str | None = None, star: Any = None,
                   status: str | None = None) -> None:
        """Choose filter values by data, as a person would in the boxes (None leaves a box alone)."""
        for box, value in ((self.district_box, district), (self.group_box, group), (self.star_box, star),
                           (self.status_box, status)):
            if value is not None:
                box.setCurrentIndex(max(box.findData(value), 0))

    def find_product(self, code: str) -> None:
        """Every council's result of `code`, whatever the filters were."""
        self.set_filter(district=ALL, group=ALL, star=ALL, status=ALL)
        self.search.setText(code)

    # history ---------------------------------------------------------------------
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            r = self.model.rows[self.proxy.mapToSource(current).row()]
            self.product_chosen.emit(r.code)

    def show_history(self, code: str | None, rows: Sequence[dict[str, Any]]) -> None:
        self.history_rows = list(rows)
        self.history_code = code
        self.fill_history()

    def fill_history(self) -> None:
        code = self.history_code
        self.history_title.setText(_("History of {code}: every bundle that gave it a result").format(code=code)
                                   if code else _("Choose a product to see its history."))
        t = self.history
        t.setHorizontalHeaderLabels([_("Bundle"), _("Created"), _("Council"), _("Mean"), _("Star"), _("Current")])
        t.setRowCount(len(self.history_rows))
        for row, h in enumerate(self.history_rows):
            mean = None if h["mean"] is None else Decimal(h["mean"])
            for col, text in enumerate((h["bundle"], h["created_at"], h["council"], mean_text(mean),
                                        stars_text(h["star"]), _("yes") if h["current"] else _("no, replaced"))):
                t.setItem(row, col, QTableWidgetItem(text))
