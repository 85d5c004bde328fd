"""In ấn: a session's sheets, summary, minutes and feedback to PDF, off the GUI thread with Cancel.

The jobs are `ocop_desk.print_jobs.print_session`, the same the CLI runs.
The first page of what was written is shown as an image (Qt's own PDF
renderer, QtPdf), so the secretary sees the document before opening it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QVBoxLayout)

from ocop_desk import sessions
from ocop_desk.i18n import _
from ocop_desk.paths import user_data_dir
from ocop_desk.print_jobs import (PAPERS, plan_job, plan_text, print_feedback_per_producer, print_session,
                                  producer_feedback_files)
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes, Operation, Progress, call_now, error_text, run_op
from ocop_desk.ui.page import Page
from ocop_desk.ui.session_chooser import SessionChooser

if TYPE_CHECKING:
    from ocop_desk.print_jobs import JobPlan, PrintOutcome, ProducerFeedback
    from ocop_desk.sessions import SessionDetail

JOBS = {
    "blank": lambda: _("Blank score sheets (one per product)"),
    "sheets": lambda: _("Filled score sheets (for signing)"),
    "ticklist": lambda: _("Tick lists: one page per member's sheet (for signing)"),
    "summary": lambda: _("Summary of results"),
    "minutes": lambda: _("Minutes of the session"),
    "recognition": lambda: _("List of products proposed for recognition"),
    "feedback": lambda: _("Feedback to producers (points lost per criterion)"),
    "feedback-per-producer": lambda: _("Feedback to producers, one PDF per producer (into the folder)"),
}


class PrintingPage(Page):
    key = "printing"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.detail: SessionDetail | None = None
        self.last_pdf: Path | None = None
        tx = self.texts.bind
        form = QFormLayout()
        self.member_label, self.product_label, self.folder_label = (QLabel() for _i in range(3))
        self.format_label = QLabel()
        tx(self.format_label.setText, lambda: _("F&ormat:"))
        self.format_box = QComboBox()
        self.format_box.setObjectName("printFormat")
        tx(self.member_label.setText, lambda: _("&Member (sheets):"))
        tx(self.product_label.setText, lambda: _("&Product:"))
        tx(self.folder_label.setText, lambda: _("&Folder:"))
        self.session_box = SessionChooser(self.texts)
        self.member_box = QComboBox()
        self.member_box.setMinimumContentsLength(24)
        self.product_box = QComboBox()
        self.product_box.setMinimumContentsLength(24)
        self.folder = QLineEdit(str(user_data_dir() / "pdf"))
        self.browse = QPushButton()
        tx(self.browse.setText, lambda: _("&Browse…"))
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        for label, field in ((self.session_box.label, self.session_box), (self.member_label, self.member_box),
                             (self.product_label, self.product_box), (self.folder_label, folder_row)):
            if isinstance(field, QHBoxLayout):
                form.addRow(label, field)
                label.setBuddy(self.folder)
            else:
                form.addRow(label, field)
                label.setBuddy(field)
        form.addRow(self.format_label, self.format_box)
        self.format_label.setBuddy(self.format_box)
        self.jobs = QListWidget()
        self.jobs.setObjectName("printJobs")
        # long job names wrap inside the list instead of hiding behind a horizontal scroll bar at 150 %
        self.jobs.setWordWrap(True)
        self.jobs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.jobs.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.jobs.itemActivated.connect(lambda _item: self.print_selected())
        self.jobs.currentItemChanged.connect(lambda *_a: self._fill_formats())
        self.print_button = QPushButton()
        self.open_button = QPushButton()
        tx(self.print_button.setText, lambda: _("&Print to PDF"))
        tx(self.open_button.setText, lambda: _("&Open the last PDF"))
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.open_button.clicked.connect(self._open_last)
        self.open_button.setEnabled(False)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("printPlan")
        self._plan_op: Operation[JobPlan] | None = None  # the page count being computed, cancelled when the choice changes
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(150)  # one count after the boxes settle, not one per refill
        self._plan_timer.timeout.connect(self._plan)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.plan_label)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.preview = QLabel()
        self.preview.setObjectName("printPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(200, 160)  # the Print button stays on screen at 1366×768 × 1.5
        self.preview.setStyleSheet("QLabel#printPreview { background: palette(mid); }")
        middle = QHBoxLayout()
        middle.addWidget(self.jobs, 3)
        middle.addWidget(self.preview, 2)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addLayout(middle, 1)
        root.addLayout(buttons)
        root.addWidget(self.result)
        self.session_box.chosen.connect(lambda _sid: self._session_chosen())
        for signal in (self.jobs.currentRowChanged, self.member_box.currentIndexChanged,
                       self.product_box.currentIndexChanged, self.format_box.currentIndexChanged):
            signal.connect(lambda _i: self._plan_timer.start())
        self._fill_jobs()

    def _fill_jobs(self) -> None:
        keep = self.jobs.currentRow()
        self.jobs.clear()
        for key, title in JOBS.items():
            item = QListWidgetItem(title())
            item.setToolTip(title())
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.jobs.addItem(item)
        self.jobs.setCurrentRow(max(keep, 0))
        self._fill_formats()

    def _fill_formats(self) -> None:
        """PDF for every job; Word too for the papers a secretary edits before signing (`print_jobs.PAPERS`)."""
        item = self.jobs.currentItem()
        what = item.data(Qt.ItemDataRole.UserRole) if item else None
        keep = self.format_box.currentData()
        self.format_box.clear()
        self.format_box.addItem(_("PDF"), "pdf")
        if what in PAPERS:
            self.format_box.addItem(_("Word (.docx), to edit before signing"), "docx")
        self.format_box.setCurrentIndex(max(self.format_box.findData(keep), 0))

    def reload(self) -> None:
        self.session_box.refresh(self, self.ctx.store, self.session_box.current_id())
        self._session_chosen()

    def open_with(self, **kwargs: object) -> None:
        session_id = kwargs.get("session_id")
        if isinstance(session_id, str):
            self.session_box.select(session_id)

    def _session_chosen(self) -> None:
        sid = self.session_box.currentData()
        self.member_box.clear()
        self.product_box.clear()
        self.detail = None
        if sid is None:
            return
        ok, detail = call_now(self, lambda: sessions.get_session(self.ctx.store, sid))
        if not ok or detail is None:
            return
        self.detail = detail
        self.member_box.addItem(_("(every member)"), None)
        for m in detail.members:
            self.member_box.addItem(m.name, m.code)
        self.product_box.addItem(_("(every product)"), None)
        for it in detail.items:
            self.product_box.addItem(f"{it.product_code} — {it.product_name}", it.product_code)
        self._plan_timer.start()

    def _browse(self) -> None:
        folder = file_dialogs.choose_folder(self, _("Folder for the PDF files"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def print_selected(self, what: str | None = None) -> None:
        sid = self.session_box.currentData()
        item = self.jobs.currentItem()
        what = what or (item.data(Qt.ItemDataRole.UserRole) if item else None)
        if sid is None or what is None:
            return
        if what == "feedback-per-producer":
            self._print_per_producer(sid)
            return
        member, product = self._narrowing(what)
        out_dir = Path(self.folder.text()).expanduser()
        store = self.ctx.store
        fmt = self.format_box.currentData() or "pdf"

        def work(progress: Progress) -> PrintOutcome:
            out_dir.mkdir(parents=True, exist_ok=True)
            return print_session(store, sid, what, out_dir, member=member, product=product, fmt=fmt,
                                 progress=lambda done, total: progress.report(done, total),
                                 cancelled=lambda: progress.cancelled)

        run_op(self, work, title=_("Printing: {what}").format(what=JOBS[what]()), on_success=self._printed)

    def _print_per_producer(self, sid: str) -> None:
        """Producer feedback into the chosen folder, one file a producer; files of the same names
        already there are replaced only when the secretary says so."""
        out_dir = Path(self.folder.text()).expanduser()
        store = self.ctx.store
        ok, files = call_now(self, lambda: producer_feedback_files(store, sid, out_dir))
        if not ok or not files:
            return
        existing = [f.path.name for f in files if f.path.exists()]
        if existing and not self.confirm_replace(existing):
            return

        def work(progress: Progress) -> list[ProducerFeedback]:
            return print_feedback_per_producer(store, sid, out_dir, replace=bool(existing),
                                               progress=lambda done, total: progress.report(done, total),
                                               cancelled=lambda: progress.cancelled)

        run_op(self, work, title=_("Printing: {what}").format(what=JOBS["feedback-per-producer"]()),
               on_success=self._printed_per_producer)

    def confirm_replace(self, names: list[str]) -> bool:  # tests replace it
        text = _("{n} of these files are in the folder already, e.g. {name}. Replace them?").format(
            n=len(names), name=names[0])
        answer = QMessageBox.question(self, _("Replace files"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _printed_per_producer(self, files: list[ProducerFeedback]) -> None:
        self.last_pdf = files[0].path
        self.open_button.setEnabled(True)
        self.result.setText(_("Written: {n} files, one per producer, into {folder} ({pages} pages)").format(
            n=len(files), folder=files[0].path.parent, pages=sum(f.pages for f in files)))
        self.show_preview(files[0].path)

    def _narrowing(self, what: str) -> tuple[str | None, str | None]:
        """The member and product a job of kind `what` is narrowed to by the boxes."""
        member = self.member_box.currentData() if what in ("blank", "sheets") else None
        product = self.product_box.currentData() if what in ("sheets", "feedback") else None
        return member, product

    def _plan(self) -> None:
        """Count the pages of the chosen job off the GUI thread (a 1,800-sheet job takes a while to lay
        out); a count still running for an earlier choice is cancelled and its answer dropped."""
        if self._plan_op is not None:
            self._plan_op.progress.cancel()
            self._plan_op = None
        sid = self.session_box.currentData()
        item = self.jobs.currentItem()
        what = item.data(Qt.ItemDataRole.UserRole) if item else None
        if sid is None or what is None or self.format_box.currentData() == "docx":  # Word lays out its own pages
            self.plan_label.setText("")
            return
        if what == "feedback-per-producer":  # the same pages as the one PDF, split by producer
            what = "feedback"
        member, product = self._narrowing(what)
        store = self.ctx.store
        self.plan_label.setText(_("Counting pages…"))

        def work(progress: Progress) -> JobPlan:
            return plan_job(store, sid, what, member=member, product=product,
                            cancelled=lambda: progress.cancelled)

        def shown(op: Operation[JobPlan], text: str) -> None:
            if op is self._plan_op and shiboken6.isValid(self.plan_label):
                self._plan_op = None
                self.plan_label.setText(text)

        op = run_op(None, work, title=_("Counting pages…"),
                    on_success=lambda plan: shown(op, _("Will print {text}").format(text=plan_text(plan))),
                    on_failure=lambda error: shown(op, error_text(error)))
        self._plan_op = op

    def _printed(self, outcome: PrintOutcome) -> None:
        self.last_pdf = outcome.path
        self.open_button.setEnabled(True)
        if outcome.path.suffix.lower() == ".docx":
            self.result.setText(_("Written: {file}").format(file=outcome.path))
            self.preview.setText(_("No preview for this file"))
            return
        self.result.setText(_("Written: {file} ({pages} pages)").format(file=outcome.path, pages=outcome.pages))
        self.show_preview(outcome.path)

    def show_preview(self, pdf: Path) -> None:
        image = first_page_image(pdf, QSize(max(self.preview.width() - 8, 200), max(self.preview.height() - 8, 280)))
        if image is None:
            self.preview.setText(_("No preview for this file"))
        else:
            self.preview.setPixmap(QPixmap.fromImage(image))

    def _open_last(self) -> None:
        if self.last_pdf is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_pdf)))

    def retranslate_dynamic(self) -> None:
        self._fill_jobs()
        self.reload()


def first_page_image(pdf: Path, box: QSize) -> QImage | None:
    """Page 1 of `pdf` on white, as large as fits in `box`, or None when it cannot be read."""
    doc = QPdfDocument()
    if doc.load(str(pdf)) != QPdfDocument.Error.None_ or doc.pageCount() < 1:
        return None
    page = doc.pagePointSize(0)
    scale = min(box.width() / max(page.width(), 1), box.height() / max(page.height(), 1))
    size = QSize(max(1, round(page.width() * scale)), max(1, round(page.height() * scale)))
    rendered = doc.render(0, size)
    doc.close()
    if rendered.isNull():
        return None
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image
