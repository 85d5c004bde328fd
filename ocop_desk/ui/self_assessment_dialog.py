"""The producer's self-assessment beside the council's mean, per criterion (`self_assessment.compare`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ocop_desk.i18n import _
from ocop_desk.self_assessment import compare, import_self_assessments, record_self_assessment
from ocop_desk.sessions import criteria_set_for, get_session
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.format import mean_text, points_text
from ocop_desk.ui.operations import call_now
from ocop_desk.ui.page import record_table

if TYPE_CHECKING:
    from ocop_desk.papers import Comparison
    from ocop_desk.store.engine import Store

HIGHER = QColor("#fff3cd")  # the producer rated itself above the council
LOWER = QColor("#d4edda")


def _choose_file(parent: QWidget) -> Path | None:
    name = file_dialogs.open_file(parent, _("Self-assessment file"), "JSON (*.json)")
    return Path(name) if name else None


class SelfAssessmentDialog(QDialog):
    OPTION, POINTS, COUNCIL, DIFF = 2, 3, 4, 5

    def __init__(self, store: Store, session_id: str, product_code: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session_id = session_id
        self.choose_file: Callable[[QWidget], Path | None] = _choose_file  # tests replace it
        self.setWindowTitle(_("Self-assessment and council mean"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.product_box = QComboBox()
        self.product_box.setObjectName("sa_product")
        for item in get_session(store, session_id).items:
            self.product_box.addItem(f"{item.product_code} · {item.product_name}", item.product_code)
        if product_code and self.product_box.findData(product_code) >= 0:
            self.product_box.setCurrentIndex(self.product_box.findData(product_code))
        self.product_box.currentIndexChanged.connect(self.refresh)
        self.import_button = QPushButton(_("Import self-assessment file…"))
        self.import_button.clicked.connect(self.import_file)
        top.addWidget(QLabel(_("Product:")))
        top.addWidget(self.product_box, 1)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("sa_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = record_table(6, "sa_table", stretch=(1,))
        self.table.setHorizontalHeaderLabels([_("Criterion"), _("Title"), _("Self-assessment"), _("Points"),
                                              _("Council mean"), _("Difference")])
        layout.addWidget(self.table, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = box.addButton(_("Save self-assessment"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.clicked.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.comparison: Comparison | None = None
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """The session's sheet: a box per criterion for the producer's tick, beside the council's mean."""
        code = self.product_box.currentData()
        self.table.setRowCount(0)
        self.comparison = None
        self.boxes: dict[str, QComboBox] = {}
        if not code:
            return
        ok, c = call_now(self, lambda: compare(self.store, self.session_id, code, allow_missing=True))
        if not ok or c is None:
            return
        self.comparison = c
        cs = criteria_set_for(self.store, self.session_id, code)
        if c.recorded:
            self.summary.setText(_("{code}: self-assessment {own} points, council mean {council}").format(
                code=c.product_code, own=points_text(c.self_total), council=mean_text(c.council_mean)))
        else:
            self.summary.setText(_("No self-assessment recorded yet: tick the producer's options and save."))
        self.table.setRowCount(len(c.rows))
        for row, r in enumerate(c.rows):
            box = QComboBox()
            box.addItem("—", None)
            crit = cs.criterion(r.criterion_id)
            for opt in crit.options if crit else ():
                box.addItem(f"{points_text(opt.points)} · {opt.label}", opt.id)
            box.setCurrentIndex(max(box.findData(c.choices.get(r.criterion_id)), 0))
            self.boxes[r.criterion_id] = box
            self.table.setCellWidget(row, self.OPTION, box)
            values = {0: r.criterion_id, 1: r.title,
                      self.POINTS: "—" if r.self_points is None else points_text(r.self_points),
                      self.COUNCIL: "—" if r.council_mean is None else points_text(r.council_mean),
                      self.DIFF: "" if r.difference is None else
                      ("+" if r.difference > 0 else "") + points_text(r.difference)}
            for col, v in values.items():
                item = QTableWidgetItem(v)
                if r.differs:
                    item.setBackground(QBrush(HIGHER if r.difference > 0 else LOWER))  # type: ignore[operator]
                self.table.setItem(row, col, item)

    def save(self) -> None:
        code = self.product_box.currentData()
        if not code:
            return
        choices = {cid: box.currentData() for cid, box in self.boxes.items() if box.currentData()}
        set_hash = get_session(self.store, self.session_id).item(code).criteria_set_hash
        ok, _info = call_now(self, lambda: record_self_assessment(self.store, code, choices, criteria_set=set_hash,
                                                                  source="screen"))
        if ok:
            self.refresh()

    def import_file(self) -> None:
        path = self.choose_file(self)
        if path is None:
            return
        ok, _codes = call_now(self, lambda: import_self_assessments(self.store, path))
        if ok:
            self.refresh()
