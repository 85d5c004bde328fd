"""Tỉnh: merge the districts' signed result bundles, then see every product, the conflicts, the forwarded.

A province officer arrives with a pile of USB sticks: files (or a whole
folder) are merged by `ocop_desk.exchange.merge.merge_files` off the GUI
thread, one bundle per transaction, so Cancel stops between two bundles and
never leaves half of one.  What is shown afterwards comes from
`exchange.province` (the same report as `report province --json`); the
screen filters and sorts, and decides nothing: conflicts stay listed for a
person.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout

from ocop_desk.exchange import province
from ocop_desk.exchange.merge import merge_files
from ocop_desk.exchange.province import forwarded_products, province_report, resolve_conflict, result_history
from ocop_desk.bundles.trust import load_trust
from ocop_desk.catalogue import list_criteria_sets
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Cancelled, Changes, Operation, Progress, call_now, report_error, run_op
from ocop_desk.ui.page import Page
from ocop_desk.ui.province_conflicts_panel import ConflictsPanel
from ocop_desk.ui.province_forwarded_panel import ForwardedPanel
from ocop_desk.ui.province_merge_log import MergeLog, MergeRun
from ocop_desk.ui.province_products_panel import ProductsPanel, ProvinceRow
from ocop_desk.vocabulary import conflict_kind_name, outcome_name, status_name


@dataclass(frozen=True)
class ProvinceView:
    rows: tuple[ProvinceRow, ...]
    conflicts: tuple[dict[str, Any], ...]
    forwarded: tuple[ProvinceRow, ...]


def load_province_view(store: Any) -> ProvinceView:
    """The report and the forwarded list, with each criteria set's product group put beside it."""
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


class ProvincePage(Page):
    """The merge buttons above four tabs, one panel each; the page makes every service call."""

    key = "province"
    watches = Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.trust_path: Path | None = None  # None: the user's trust store
        self.view: ProvinceView | None = None
        self.last_merge: MergeRun | None = None
        self.merge_op: Operation[Any] | None = None
        self._generation = 0  # a slower, older read never overwrites a newer one
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

        self.products = ProductsPanel(self.texts)
        self.products.product_chosen.connect(self.show_history)
        self.conflicts_panel = ConflictsPanel(self.texts)
        self.conflicts_panel.decision_asked.connect(lambda decision: self.decide_conflict(decision))
        self.conflicts_panel.product_wanted.connect(self._show_side_by_side)
        self.forwarded_panel = ForwardedPanel(self.texts)
        self.forwarded_panel.open_session_asked.connect(self.open_province_session)
        self.merge_log = MergeLog()
        # the widgets the tests and the keyboard address, each held by its panel
        p = self.products
        self.model, self.proxy, self.table, self.search, self.shown = p.model, p.proxy, p.table, p.search, p.shown
        self.history, self.history_title = p.history, p.history_title
        self.conflicts = self.conflicts_panel.conflicts
        self.forwarded = self.forwarded_panel.forwarded
        self.open_session_button = self.forwarded_panel.open_session_button

        self.tabs = QTabWidget()
        self.tabs.setObjectName("provinceTabs")
        for w in (self.products, self.conflicts_panel, self.forwarded_panel, self.merge_log):
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
        self.products.set_rows(view.rows)
        if self.products.history_code:
            self.show_history(self.products.history_code)
        self.retranslate_dynamic()

    def set_filter(self, *, district: str | None = None, group: str | None = None, star: Any = None,
                   status: str | None = None) -> None:
        """Choose filter values by data, as a person would in the boxes (None leaves a box alone)."""
        self.products.set_filter(district=district, group=group, star=star, status=status)

    def show_history(self, code: str) -> None:
        """Every result the bundles gave this product, superseded ones included (the kept history)."""
        ok, rows = call_now(self, lambda: result_history(self.ctx.store, code))
        self.products.show_history(code, list(rows or []) if ok else [])

    # conflicts ---------------------------------------------------------------------
    def decide_conflict(self, decision: str, reason: str | None = None) -> None:
        """A person's decision on the selected conflict, with a written reason (kept in the audit log)."""
        conflict = self.conflicts_panel.selected()
        if conflict is None:
            return
        if reason is None:
            reason = self.conflicts_panel.ask_reason(conflict, decision)
            if reason is None:
                return
        store = self.ctx.store
        ok, _r = call_now(self, lambda: resolve_conflict(store, conflict["id"], decision, reason))
        if ok:
            self.reload()

    def _show_side_by_side(self, code: str) -> None:
        """Both councils' results of the product, side by side in the products table."""
        self.products.find_product(code)
        self.tabs.setCurrentIndex(0)
        self.table.setFocus()

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

        def work(progress: Progress) -> MergeRun:
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
        self.merge_log.show_run(self.last_merge)

    # province session ------------------------------------------------------------
    @staticmethod
    def _open_session_service() -> Any:
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
            self.products.fill_filters()
        self.conflicts_panel.fill(self.view.conflicts if self.view else ())
        self.forwarded_panel.fill(self.view.forwarded if self.view else (),
                                  available=self._open_session_service() is not None, read_only=self.ctx.read_only)
        self._fill_merge_log()
        self.products.fill_history()
        self.merge_files_button.setEnabled(not self.ctx.read_only)
        self.merge_folder_button.setEnabled(not self.ctx.read_only)
