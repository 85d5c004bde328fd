"""Kết quả: a session's products ranked, one product's members in detail, two charts.

Everything shown comes from `results.session_results` (which asks the scoring
engine); this screen only sorts, highlights and draws.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ocop_desk.i18n import _, ngettext
from ocop_desk.results import session_results
from ocop_desk.ui.charts import STAR_COLOURS, Bar, BarChart
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.format import mean_text, points_text, stars_text
from ocop_desk.ui.operations import Changes, run_op
from ocop_desk.ui.page import Page
from ocop_desk.ui.self_assessment_dialog import SelfAssessmentDialog
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.vocabulary import reason_name, state_name, status_name

if TYPE_CHECKING:
    from ocop_desk.results import SessionResults

FLAGGED = QColor("#fde2e1")


class _SortItem(QTableWidgetItem):
    """Sorts by the value behind the text (a Decimal mean, a star), not the text."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortItem):
            a, b = self.key, other.key
            if a is None or b is None:
                return a is None and b is not None
            return a < b  # type: ignore[operator]
        return super().__lt__(other)


class ResultsPage(Page):
    key = "results"
    watches = Changes.SESSIONS | Changes.SCORES | Changes.COUNCILS | Changes.DOSSIERS | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.results: SessionResults | None = None
        self.session_id: str | None = None
        self.product: str | None = None
        tx = self.texts.bind

        top = QHBoxLayout()
        self.session_box = SessionChooser(self.texts)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top.addWidget(self.session_box.label)
        top.addWidget(self.session_box)
        top.addWidget(self.summary, 1)
        self.self_button = QPushButton()  # the producer's self-assessment beside the council's mean
        self.self_button.setObjectName("selfAssessment")
        tx(self.self_button.setText, lambda: _("Self-assessment…"))
        self.self_button.clicked.connect(lambda _checked=False: self.open_self_assessment())
        top.addWidget(self.self_button)

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("resultsTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(self._open_on_scoring)  # Enter or double-click

        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.detail = QTableWidget(0, 0)
        self.detail.setObjectName("memberDetail")
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().hide()
        self.detail.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.detail.horizontalHeader().setStretchLastSection(True)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)

        self.star_chart = BarChart()
        self.star_chart.setObjectName("starChart")
        self.parts_chart = BarChart()
        self.parts_chart.setObjectName("partsChart")
        charts = QHBoxLayout()
        charts.addWidget(self.star_chart)
        charts.addWidget(self.parts_chart)

        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.detail_title)
        ll.addWidget(self.detail, 1)
        ll.addWidget(self.flags_label)
        ll.addLayout(charts, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([300, 420])
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)
        self.session_box.chosen.connect(self.load)

    def open_with(self, **kwargs: object) -> None:
        if isinstance(kwargs.get("session_id"), str):
            self.session_id = kwargs["session_id"]  # type: ignore[assignment]
            self._stale = True

    def reload(self) -> None:
        if self.session_box.refresh(self, self.ctx.store, self.session_id) is None:
            return
        target = self.session_box.current_id()
        if target is None:
            self.results = None
            self.retranslate_dynamic()
            return
        self.load(target)

    def load(self, session_id: str) -> None:
        self.session_id = session_id
        store = self.ctx.store
        run_op(self, lambda progress: session_results(store, session_id), title=_("Computing the results"),
               on_success=self._loaded)

    def _loaded(self, results: SessionResults) -> None:
        if results.session.id != self.session_id:
            return
        self.results = results
        self.retranslate_dynamic()

    # filling ----------------------------------------------------------------
    def _fill_table(self) -> None:
        res = self.results
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0 if res is None else len(res.products))
        self.table.setHorizontalHeaderLabels([_("Code"), _("Product"), _("Criteria set"), _("Status"),
                                              _("Mean"), _("Star"), _("Flags")])
        if res is None:
            return
        for row, p in enumerate(res.products):
            r = p.result
            cells = [
                _SortItem(p.code, p.item.position),
                _SortItem(p.item.product_name, p.item.product_name),
                _SortItem(p.criteria_set.id, p.criteria_set.id),
                _SortItem(status_name(r.status), r.status),
                _SortItem(mean_text(r.mean), r.mean),
                _SortItem(stars_text(r.star), r.star),
                _SortItem(str(len(r.flags)) if r.flags else "", len(r.flags)),
            ]
            for col, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole, p.code)
                if col in (4, 5, 6):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.flags:
                    item.setBackground(QBrush(FLAGGED))
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        codes = [p.code for p in res.products]
        if codes:
            self.select_product(self.product if self.product in codes else codes[0])

    def select_product(self, code: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                self.table.selectRow(row)
                break
        self._show_product(code)

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        if item is not None:
            self._show_product(item.data(Qt.ItemDataRole.UserRole))

    def _open_on_scoring(self, item: QTableWidgetItem) -> None:
        if self.session_id is not None:
            self.ctx.navigate("scoring", session_id=self.session_id,
                              product=item.data(Qt.ItemDataRole.UserRole))

    def open_self_assessment(self) -> None:
        if self.session_id is None:
            return
        self.dialog = SelfAssessmentDialog(self.ctx.store, self.session_id, self.product, self)
        self.dialog.open()

    def _show_product(self, code: str) -> None:
        if self.results is None:
            return
        self.product = code
        p = self.results.product(code)
        r = p.result
        names = {m.code: m.name for m in self.results.session.members}
        part_ids = [part.id for part in p.criteria_set.parts]
        self.detail_title.setText(_("{code} — {name}: {status}, mean {mean}, {stars}").format(
            code=code, name=p.item.product_name, status=status_name(r.status), mean=mean_text(r.mean),
            stars=stars_text(r.star)))
        headers = [_("Member"), _("Total")] + [_("Part {id}").format(id=pid) for pid in part_ids] + [_("Note")]
        self.detail.clear()
        self.detail.setColumnCount(len(headers))
        self.detail.setHorizontalHeaderLabels(headers)
        self.detail.setRowCount(len(r.members))
        for row, m in enumerate(r.members):
            flagged = bool(getattr(m, "flagged", False))
            note = reason_name(m.reason)
            if flagged:
                note = (note + " " if note else "") + _("far from the other members' median")
            values = [names.get(m.member, m.member), points_text(m.total) if m.total is not None else "—"]
            values += [points_text((m.parts or {}).get(pid)) if m.parts else "—" for pid in part_ids]
            values.append(note)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if 1 <= col <= len(part_ids) + 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if flagged:
                    item.setBackground(QBrush(FLAGGED))
                    item.setToolTip(_("Discrepancy: discuss before closing the session"))
                self.detail.setItem(row, col, item)
        extra = []
        if r.knockouts:
            extra.append(_("Knock-out: {ids}").format(ids=", ".join(r.knockouts)))
        extra += list(r.cap_reasons)
        if r.flags:
            extra.append(ngettext("{n} discrepancy flag", "{n} discrepancy flags", len(r.flags)).format(
                n=len(r.flags)))
        self.flags_label.setText(" · ".join(extra))
        bars = [Bar(_("Part {id}").format(id=part.id), Decimal(r.parts.get(part.id) or 0), part.max)
                for part in p.criteria_set.parts] if r.parts else []
        self.parts_chart.set_data(_("Mean points per part, {code} (dashed: maximum)").format(code=code), bars,
                                  empty_text=_("No complete scorecard yet"))

    def _fill_star_chart(self) -> None:
        res = self.results
        counts = {star: 0 for star in range(1, 6)}
        other = 0
        if res is not None:
            for p in res.products:
                if p.result.status == "ranked" and p.result.star:
                    counts[p.result.star] += 1
                else:
                    other += 1
        bars = [Bar(stars_text(s), Decimal(n), caption=str(n)) for s, n in counts.items()]
        title = _("Products by star ({n} without a star)").format(n=other)
        self.star_chart.set_data(title, bars if res is not None else [], STAR_COLOURS,
                                 empty_text=_("No results"))

    def retranslate_dynamic(self) -> None:
        res = self.results
        if res is None:
            self.summary.setText(_("No session yet."))
        else:
            rule = res.forwarded()
            self.summary.setText(_("{council} · {n} products · state {state} · {f} proposed to the next level").format(
                council=res.session.council.name, n=len(res.products), state=state_name(res.session.state),
                f=len(rule)))
        self._fill_table()
        self._fill_star_chart()

