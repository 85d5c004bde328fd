"""Bộ tiêu chí: browse the criteria sets (filter by group), import, export, validate with every error shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ocop_desk import catalogue
from ocop_desk.canonical import dumps_pretty
from ocop_desk.catalogue import load_criteria_file, shipped_profiles
from ocop_desk.errors import OcopError
from ocop_desk.excel.criteria_workbook import write_criteria_workbook
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.format import points_text
from ocop_desk.ui.operations import Changes, Progress, call_now, report_error, run_op
from ocop_desk.ui.page import Page, cell_key, record_table
from ocop_desk.ui.widgets import ReflowSplitter
from ocop_desk.vocabulary import criteria_status_name

if TYPE_CHECKING:
    from ocop_desk.catalogue import ImportOutcome


def validate_file(path: Path) -> tuple[bool, list[str]]:
    """Lines to show for a criteria file: what it is when valid, every problem when not."""
    try:
        cs = load_criteria_file(path, shipped_profiles())
    except OcopError as exc:
        return False, exc.lines()
    return True, [_("{file}: valid — {id}, {n} criteria, content hash {hash}").format(
        file=path.name, id=cs.id, n=len(cs.criterion_ids()), hash=cs.content_hash[:16])]


class CriteriaPage(Page):
    key = "criteria"
    watches = Changes.CRITERIA | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.sets: list = []
        tx = self.texts.bind
        top = QHBoxLayout()
        self.group_label = QLabel()
        tx(self.group_label.setText, lambda: _("&Group:"))
        self.group_box = QComboBox()
        self.group_box.setMinimumContentsLength(22)
        self.group_label.setBuddy(self.group_box)
        self.group_box.currentIndexChanged.connect(lambda _i: self._fill_table())
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.validate_button = QPushButton()
        tx(self.import_button.setText, lambda: _("&Import…"))
        tx(self.export_button.setText, lambda: _("&Export…"))
        tx(self.validate_button.setText, lambda: _("&Validate a file…"))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button.clicked.connect(lambda: self.export_current())
        self.validate_button.clicked.connect(lambda: self.validate())
        for w in (self.group_label, self.group_box):
            top.addWidget(w)
        top.addStretch(1)
        for button in (self.import_button, self.export_button, self.validate_button):
            top.addWidget(button)

        self.table = record_table(4, "criteriaSets", stretch=(1,))
        self.table.itemSelectionChanged.connect(self._selected)
        self.tree = QTreeWidget()
        self.tree.setObjectName("criteriaTree")
        self.tree.setColumnCount(2)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setWordWrap(True)
        self.messages = QPlainTextEdit()
        self.messages.setObjectName("validation")
        self.messages.setReadOnly(True)
        self.messages.setMaximumHeight(120)
        self.tree_title = QLabel()
        self.tree_title.setObjectName("criteriaTitle")
        self.tree_title.setWordWrap(True)
        tree_side = QWidget()
        tl = QVBoxLayout(tree_side)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.tree_title)
        tl.addWidget(self.tree, 1)
        split = ReflowSplitter()
        split.addWidget(self.table)
        split.addWidget(tree_side)
        split.setSizes([640, 520])
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)
        root.addWidget(self.messages)

    def retranslate_dynamic(self) -> None:
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        self.import_button.setEnabled(not self.ctx.read_only)
        super().showEvent(event)

    def reload(self) -> None:
        ok, sets = call_now(self, lambda: catalogue.list_criteria_sets(self.ctx.store))
        if not ok:
            return
        self.sets = sets or []
        keep = self.group_box.currentData()
        self.group_box.blockSignals(True)
        self.group_box.clear()
        self.group_box.addItem(_("All groups"), None)
        seen: dict[str, str] = {}
        for s in self.sets:
            seen.setdefault(s.group_id, s.group or s.group_id)
        for gid, title in seen.items():
            self.group_box.addItem(title, gid)
        index = self.group_box.findData(keep)
        self.group_box.setCurrentIndex(max(index, 0))
        self.group_box.blockSignals(False)
        self._fill_table()

    def _fill_table(self) -> None:
        group = self.group_box.currentData()
        shown = [s for s in self.sets if group is None or s.group_id == group]
        self.table.setHorizontalHeaderLabels([_("Id"), _("Product set"), _("Regulation"), _("Status")])
        self.table.setRowCount(len(shown))
        for row, s in enumerate(shown):
            for col, text in enumerate((s.id, s.product_set, s.regulation, criteria_status_name(s.status))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.pk)
                item.setToolTip(s.title)
                self.table.setItem(row, col, item)
        if shown:
            self.table.selectRow(0)
        else:
            self.tree.clear()

    def current_pk(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return cell_key(self.table, rows[0].row()) if rows else None

    def _selected(self) -> None:
        pk = self.current_pk()
        self.tree.clear()
        if pk is None:
            return
        ok, cs = call_now(self, lambda: catalogue.criteria_set_by_pk(self.ctx.store, pk))
        if not ok or cs is None:
            return
        self.tree_title.setText(cs.title)
        self.tree.setHeaderLabels([_("Criterion"), _("Points")])
        for part in cs.parts:
            p = QTreeWidgetItem([_("Part {id}. {title}").format(id=part.id, title=part.title),
                                 points_text(part.max)])
            self.tree.addTopLevelItem(p)
            for section in part.sections:
                s = QTreeWidgetItem(p, [section.title, points_text(section.max)])
                for crit in section.criteria:
                    c = QTreeWidgetItem(s, [crit.title, points_text(crit.max)])
                    for opt in crit.options:
                        QTreeWidgetItem(c, [opt.label, points_text(opt.points)])
            p.setExpanded(True)
        if cs.knockouts:
            k = QTreeWidgetItem([_("Knock-out conditions"), ""])
            self.tree.addTopLevelItem(k)
            for ko in cs.knockouts:
                QTreeWidgetItem(k, [ko.label, ""])

    def import_file(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.open_file(self, _("Import a criteria set"), _("Criteria sets (*.json *.xlsx)"))
        if not path:
            return
        store = self.ctx.store
        file = Path(path)

        def done(out: ImportOutcome) -> None:
            msg = _("imported {id} (content hash {hash})") if out.created else \
                _("{id} is already in the store (content hash {hash})")
            self.messages.setPlainText(msg.format(id=out.set_id, hash=out.content_hash[:16]))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OcopError):
                self.messages.setPlainText("\n".join(exc.lines()))
            report_error(self, exc)

        run_op(self, lambda progress: catalogue.import_criteria(store, file), title=_("Importing a criteria set"),
               bus=self.ctx.bus, changes=Changes.CRITERIA, on_success=done, on_failure=failed)

    def export_current(self, path: str | None = None) -> None:
        pk = self.current_pk()
        if pk is None:
            return
        ok, cs = call_now(self, lambda: catalogue.criteria_set_by_pk(self.ctx.store, pk))
        if not ok or cs is None:
            return
        if not path:
            path = file_dialogs.save_file(self, _("Export the criteria set"), f"{cs.id}.json",
                                          _("Criteria sets (*.json *.xlsx)"))
        if not path:
            return
        out = Path(path)

        def write(progress: Progress) -> Path:
            if out.suffix.lower() == ".xlsx":
                write_criteria_workbook(cs, out)
            else:
                out.write_text(dumps_pretty(cs.to_dict()) + "\n", encoding="utf-8")
            return out

        run_op(self, write, title=_("Exporting the criteria set"),
               on_success=lambda p: self.messages.setPlainText(_("wrote {file}").format(file=p)))

    def validate(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.open_file(self, _("Validate a criteria file"), _("Criteria sets (*.json *.xlsx)"))
        if not path:
            return
        file = Path(path)

        def shown(result: tuple[bool, list[str]]) -> None:
            ok, lines = result
            self.messages.setPlainText("\n".join(lines))
            self.messages.setStyleSheet("" if ok else "color: #a93226;")

        run_op(self, lambda progress: validate_file(file), title=_("Validating {file}").format(file=file.name),
               on_success=shown)



