"""Tỉnh: merge the districts' signed result bundles, then see every product, the conflicts, the forwarded.

A province officer arrives with a pile of USB sticks: files (or a whole
folder) are merged by `ocop_desk.bundles.merge.merge_files` off the GUI
thread, one bundle per transaction, so Cancel stops between two bundles and
never leaves half of one.  What is shown afterwards comes from
`bundles.province` (the same report as `report province --json`); the
screen filters and sorts, and decides nothing: conflicts stay listed for a
person.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.errors import OcopError
from ocop_desk.explain import explained
from ocop_desk.i18n import N_, _, ngettext
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.format import mean_text, stars_text
from ocop_desk.ui.operations import Cancelled, Changes, Operation, call_now, report_error, run_op
from ocop_desk.ui.page import Page, keep_headers_whole, record_table
from ocop_desk.ui.widgets import FlowLayout
from ocop_desk.vocabulary import conflict_kind_name, outcome_name, status_name
from ocop_desk.words import supersession_text

HELD = QColor("#fff3cd")
REFUSED = QColor("#b03a2e")
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


@dataclass(frozen=True)
class ProvinceView:
    rows: tuple[ProvinceRow, ...]
    conflicts: tuple[dict[str, Any], ...]
    forwarded: tuple[ProvinceRow, ...]


@dataclass(frozen=True)
class MergeRun:
    files: tuple[str, ...]
    report: Any  # bundles.merge.MergeReport
    cancelled: bool


def load_province_view(store: Any) -> ProvinceView:
    """The report and the forwarded list, with each criteria set's product group put beside it."""
    from ocop_desk.bundles.province import forwarded_products, province_report
    from ocop_desk.catalogue import list_criteria_sets

    report = province_report(store)
    groups = {cs.id: (cs.group_id, cs.group) for cs in list_criteria_sets(store, all_versions=True)}
    def row(p: dict[str, Any]) -> ProvinceRow:
        gid, gname = groups.get(p["criteria_set"], ("", ""))
        gid = p.get("group_id") or gid
        is_held = p.get("held", False)
        return ProvinceRow(admin_unit=p["admin_unit"] or "", code=p["code"], name=p["name"] or "",
                           council=p["council"], group_id=gid, group=gname or gid,
                           criteria_set=p["criteria_set"], mean=None if p["mean"] is None else Decimal(p["mean"]),
                           star=p["star"], status=p["status"], held=bool(is_held), bundle=p["bundle"])

    return ProvinceView(rows=tuple(row(p) for p in report["products"]), conflicts=tuple(report["conflicts"]),
                        forwarded=tuple(row(p) for p in forwarded_products(store)))


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


def _table(columns: int, name: str) -> QTableWidget:
    return record_table(columns, name, stretch_last=True, tab_keys=False)


class ProvincePage(Page):
    key = "province"
    watches = Changes.STORE

    @staticmethod
    def nav_title() -> str:
        return _("Province")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.trust_path: Path | None = None  # None: the user's trust store
        self.view: ProvinceView | None = None
        self.last_merge: MergeRun | None = None
        self.merge_op: Operation[Any] | None = None
        self._generation = 0  # a slower, older read never overwrites a newer one
        self.history_rows: list[dict[str, Any]] = []
        tx = self.texts.bind

        top = QHBoxLayout()
        self.merge_files_button = QPushButton()
        self.merge_files_button.setObjectName("mergeFiles")
        tx(self.merge_files_button.setText, lambda: _("Merge bundle &files…"))
        self.merge_files_button.clicked.connect(lambda: self.merge())
        self.merge_folder_button = QPushButton()
        self.merge_folder_button.setObjectName("mergeFolder")
        tx(self.merge_folder_button.setText, lambda: _("Merge a f&older…"))
        self.merge_folder_button.clicked.connect(lambda: self.merge_folder())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("provinceSummary")
        top.addWidget(self.merge_files_button)
        top.addWidget(self.merge_folder_button)
        top.addWidget(self.summary, 1)

        # products
        products = QWidget()
        filters = FlowLayout()
        self.district_box, self.group_box, self.star_box, self.status_box = (QComboBox() for _i in range(4))
        self.search = QLineEdit()
        self.search.setObjectName("provinceSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("M") * 12)
        tx(self.search.setPlaceholderText, lambda: _("Code, name, council…"))
        self._filter_labels: list[QLabel] = []
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
            if name:
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
        self.history = _table(6, "productHistory")
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
        pl = QVBoxLayout(products)
        pl.addLayout(filters)
        pl.addWidget(split, 1)
        pl.addWidget(self.shown)

        # conflicts
        conflicts = QWidget()
        self.conflicts_hint = QLabel()
        self.conflicts_hint.setWordWrap(True)
        tx(self.conflicts_hint.setText, lambda: _(
            "Nothing here is decided by the software. A product in conflict is held: it is listed but not "
            "forwarded. Settle each case with the councils concerned; a corrected bundle that replaces the "
            "earlier one clears its conflicts. Enter on a conflict shows the product's results side by side."))
        self.conflicts = _table(6, "provinceConflicts")
        self.conflicts.itemActivated.connect(self._conflict_activated)
        self.accept_button = QPushButton()
        self.reject_button = QPushButton()
        tx(self.accept_button.setText, lambda: _("&Keep this council's result…"))
        tx(self.reject_button.setText, lambda: _("Set this council's result &aside…"))
        self.accept_button.clicked.connect(lambda: self.decide_conflict("accept"))
        self.reject_button.clicked.connect(lambda: self.decide_conflict("reject"))
        decide_row = FlowLayout()
        decide_row.addWidget(self.accept_button)
        decide_row.addWidget(self.reject_button)
        cl = QVBoxLayout(conflicts)
        cl.addWidget(self.conflicts_hint)
        cl.addWidget(self.conflicts, 1)
        cl.addLayout(decide_row)

        # forwarded
        forwarded = QWidget()
        self.forwarded_hint = QLabel()
        self.forwarded_hint.setWordWrap(True)
        tx(self.forwarded_hint.setText, lambda: _(
            "Products whose result reaches the forwarding threshold of the regulation profile their council "
            "scored under; products held by a conflict are left out until it is settled."))
        self.forwarded = _table(7, "provinceForwarded")
        self.open_session_button = QPushButton()
        self.open_session_button.setObjectName("openProvinceSession")
        tx(self.open_session_button.setText, lambda: _("Open a province-level &session with these products…"))
        self.open_session_button.clicked.connect(self.open_province_session)
        self.open_session_note = QLabel()
        self.open_session_note.setWordWrap(True)
        fl = QVBoxLayout(forwarded)
        fl.addWidget(self.forwarded_hint)
        fl.addWidget(self.forwarded, 1)
        fl.addWidget(self.open_session_button, 0, Qt.AlignmentFlag.AlignLeft)
        fl.addWidget(self.open_session_note)

        # last merge
        self.merge_log = QListWidget()
        self.merge_log.setObjectName("mergeLog")
        self.merge_log.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("provinceTabs")
        for w in (products, conflicts, forwarded, self.merge_log):
            self.tabs.addTab(w, "")
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(self.tabs, 1)
        self.retranslate_dynamic()

    # loading ---------------------------------------------------------------------
    def reload(self) -> None:
        store = self.ctx.store
        self._generation += 1
        generation = self._generation
        run_op(self, lambda progress: load_province_view(store), title=_("Reading the merged results"),
               on_success=lambda view: self._loaded(view) if generation == self._generation else None)

    def _loaded(self, view: ProvinceView) -> None:
        self.view = view
        self.model.set_rows(view.rows)
        self._fill_filters()
        self.table.resizeColumnsToContents()
        widest = self.table.fontMetrics().horizontalAdvance("M") * 22
        for col in range(self.model.columnCount()):
            if self.table.columnWidth(col) > widest:
                self.table.setColumnWidth(col, widest)
        if getattr(self, "history_code", None):
            self.show_history(self.history_code)
        self.retranslate_dynamic()

    def _fill_filters(self) -> None:
        rows = self.view.rows if self.view else ()
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

    def _fill_conflicts(self) -> None:
        items = self.view.conflicts if self.view else ()
        t = self.conflicts
        t.setHorizontalHeaderLabels([_("Kind"), _("Product"), _("Council"), _("Other council"), _("Bundle"),
                                     _("Detail")])
        t.setRowCount(len(items))
        for row, c in enumerate(items):
            for col, text in enumerate((conflict_kind_name(c["kind"]), c["product"], c["council"],
                                        c["other_council"] or "—", c["bundle"], c["detail"])):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(HELD))
                t.setItem(row, col, item)

    def decide_conflict(self, decision: str, reason: str | None = None) -> None:
        """A person's decision on the selected conflict, with a written reason (kept in the audit log)."""
        from PySide6.QtWidgets import QInputDialog

        from ocop_desk.bundles.province import resolve_conflict

        row = self.conflicts.currentRow()
        items = self.view.conflicts if self.view else ()
        if row < 0 or row >= len(items):
            return
        conflict = items[row]
        if reason is None:
            question = (_("Keep the result of {council} for {product}? Why:") if decision == "accept"
                        else _("Set aside the result of {council} for {product}? Why:"))
            reason, ok = QInputDialog.getText(self, _("Decide a conflict"), question.format(
                council=conflict["council"], product=conflict["product"]))
            if not ok:
                return
        store = self.ctx.store
        ok, _r = call_now(self, lambda: resolve_conflict(store, conflict["id"], decision, reason))
        if ok:
            self.reload()

    def _conflict_activated(self, item: QTableWidgetItem) -> None:
        """Both councils' results of the product, side by side in the products table."""
        code = self.conflicts.item(item.row(), 1).text()
        self.set_filter(district=ALL, group=ALL, star=ALL, status=ALL)
        self.search.setText(code)
        self.tabs.setCurrentIndex(0)
        self.table.setFocus()

    def _fill_forwarded(self) -> None:
        rows = self.view.forwarded if self.view else ()
        t = self.forwarded
        t.setHorizontalHeaderLabels([_("District"), _("Code"), _("Product"), _("Council"), _("Group"), _("Mean"),
                                     _("Star")])
        t.setRowCount(len(rows))
        for row, r in enumerate(rows):
            for col, text in enumerate((r.admin_unit, r.code, r.name, r.council, r.group or "—", mean_text(r.mean),
                                        stars_text(r.star))):
                item = QTableWidgetItem(text)
                if col >= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(row, col, item)
        service = self._open_session_service()
        self.open_session_button.setEnabled(bool(rows) and service is not None and not self.ctx.read_only)
        self.open_session_note.setText("" if service is not None else _(
            "Opening a province-level session from this list is not available in this version yet."))

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            r = self.model.rows[self.proxy.mapToSource(current).row()]
            self.show_history(r.code)

    def show_history(self, code: str) -> None:
        """Every result the bundles gave this product, superseded ones included (the kept history)."""
        from ocop_desk.bundles.province import result_history

        ok, rows = call_now(self, lambda: result_history(self.ctx.store, code))
        self.history_rows = list(rows or []) if ok else []
        self.history_code = code
        self._fill_history()

    def _fill_history(self) -> None:
        code = getattr(self, "history_code", None)
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

    # merging -----------------------------------------------------------------------
    def open_with(self, **kwargs: object) -> None:
        files = kwargs.get("files")
        if isinstance(files, (list, tuple)) and files:
            self.merge([str(f) for f in files])

    def merge_folder(self, folder: str | None = None) -> Operation[Any] | None:
        if not folder:
            folder = file_dialogs.choose_folder(self, _("Merge every bundle in a folder"))
        if not folder:
            return None
        files = sorted(str(p) for p in Path(folder).rglob("*.ocop") if p.is_file())
        if not files:
            report_error(self, OcopError(_("no bundle files (*.ocop) in this folder or below it"), file=folder))
            return None
        return self.merge(files)

    def merge(self, files: Sequence[str] | None = None) -> Operation[Any] | None:
        if self.ctx.read_only:
            return None
        if files is None:
            files = file_dialogs.open_files(self, _("Merge district bundles"),
                                            _("Signed bundle (*.ocop);;All files (*)"))
        if not files:
            return None
        paths = tuple(str(f) for f in files)
        store, trust_path = self.ctx.store, self.trust_path

        def work(progress):  # type: ignore[no-untyped-def]
            from ocop_desk.bundles.merge import merge_files
            from ocop_desk.bundles.trust import load_trust

            total = len(paths)

            def step(done: int, n: int) -> None:
                label = (_("Merged {done} of {total}; next: {file}").format(done=done, total=n,
                                                                           file=Path(paths[done]).name)
                         if done < n else _("Merged {done} of {total}").format(done=done, total=n))
                try:
                    progress.report(done, n, label)
                except Cancelled:
                    pass  # merge_files stops before the next bundle; the merged ones stay merged

            try:
                progress.report(0, total, _("Merging {file}").format(file=Path(paths[0]).name))
            except Cancelled:
                pass
            report = merge_files(store, list(paths), load_trust(trust_path), progress=step,
                                 cancelled=lambda: progress.cancelled)
            return MergeRun(files=paths, report=report, cancelled=progress.cancelled)

        self.merge_files_button.setEnabled(False)
        self.merge_folder_button.setEnabled(False)
        self.merge_op = run_op(self, work, title=_("Merging district bundles"), on_success=self._merged,
                               on_failure=self._merge_failed, show_after_ms=0)
        return self.merge_op

    def _merge_failed(self, error: BaseException) -> None:
        self._merge_done()
        report_error(self, error)

    def _merge_done(self) -> None:
        self.merge_files_button.setEnabled(not self.ctx.read_only)
        self.merge_folder_button.setEnabled(not self.ctx.read_only)

    def _merged(self, run: MergeRun) -> None:
        self._merge_done()
        self.last_merge = run
        self._fill_merge_log()
        self.tabs.setCurrentIndex(3 if run.report.refused or run.cancelled else 0)
        self.reload()

    def _fill_merge_log(self) -> None:
        self.merge_log.clear()
        run = self.last_merge
        if run is None:
            self.merge_log.addItem(_("No merge yet in this window."))
            return
        report = run.report
        handled = len(report.outcomes) + len(report.refused)
        self.merge_log.addItem(_("{n} of {total} files handled: {merged} merged, {same} unchanged, {refused} refused")
                               .format(n=handled, total=len(run.files),
                                       merged=sum(o.status == "merged" for o in report.outcomes),
                                       same=sum(o.status == "unchanged" for o in report.outcomes),
                                       refused=len(report.refused)))
        if run.cancelled and handled < len(run.files):
            left = len(run.files) - handled
            item = QListWidgetItem(ngettext(
                "Cancelled: {n} file was not merged; the bundles merged before stay merged.",
                "Cancelled: {n} files were not merged; the bundles merged before stay merged.", left).format(n=left))
            item.setForeground(QBrush(REFUSED))
            self.merge_log.addItem(item)
        for o in report.outcomes:
            self.merge_log.addItem(_("{file}: {status}: council {council}, session {session}, {n} products, "
                                     "{c} conflicts").format(file=Path(o.file).name,
                                                             status=outcome_name(o.status),
                                                             council=o.council, session=o.session or "—",
                                                             n=o.products, c=o.conflicts))
            if o.superseded:
                self.merge_log.addItem("    " + supersession_text(o.superseded))
        for e in map(explained, report.refused):
            item = QListWidgetItem(_("REFUSED: {reason}").format(reason=e.one_line()))
            item.setForeground(QBrush(REFUSED))
            item.setToolTip("\n".join(e.lines()))
            self.merge_log.addItem(item)

    # province session ------------------------------------------------------------
    @staticmethod
    def _open_session_service() -> Any:
        from ocop_desk.bundles import province

        return getattr(province, "open_province_session", None)

    def open_province_session(self) -> None:
        service = self._open_session_service()
        if service is None or self.view is None or not self.view.forwarded:
            return
        store = self.ctx.store
        codes = [r.code for r in self.view.forwarded]
        run_op(self, lambda progress: service(store, codes), title=_("Opening a province-level session"),
               bus=self.ctx.bus, changes=Changes.SESSIONS | Changes.DOSSIERS | Changes.COUNCILS, origin=self,
               on_success=lambda sid: self.ctx.navigate("council", session_id=sid) if isinstance(sid, str) else None)

    # language ---------------------------------------------------------------------
    def retranslate_dynamic(self) -> None:
        for i, text in enumerate((_("Products"), _("Conflicts ({n})").format(
                n=len(self.view.conflicts) if self.view else 0),
                _("Forwarded ({n})").format(n=len(self.view.forwarded) if self.view else 0), _("Last merge"))):
            self.tabs.setTabText(i, text)
        self.model.refresh_texts()
        v = self.view
        if v is None or not v.rows:
            self.summary.setText(_("No merged results yet: merge the districts' signed result bundles."))
        else:
            districts = len({r.admin_unit for r in v.rows})
            councils = len({r.council for r in v.rows})
            self.summary.setText(_("Products: {n} · councils: {c} · districts: {d} · conflicts to decide: {k} · "
                                   "forwarded: {f}").format(n=len(v.rows), c=councils, d=districts,
                                                            k=len(v.conflicts), f=len(v.forwarded)))
        if self.view is not None:
            self._fill_filters()
        self._fill_conflicts()
        self._fill_forwarded()
        self._fill_merge_log()
        self._fill_history()
        self.merge_files_button.setEnabled(not self.ctx.read_only)
        self.merge_folder_button.setEnabled(not self.ctx.read_only)
