"""In ấn: a session's sheets, summary, minutes and feedback to PDF, off the GUI thread with Cancel.

The jobs are `ocop_desk.print_jobs.print_session`, the same the CLI runs.
The first page of what was written is shown as an image (Qt's own PDF
renderer, QtPdf), so the secretary sees the document before opening it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl, Qt
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.paths import user_data_dir
from ocop_desk.ui.operations import Changes, call_now, run_op
from ocop_desk.ui.page import Page, fill_session_box

JOBS = {
    "blank": lambda: _("Blank score sheets (one per product)"),
    "sheets": lambda: _("Filled score sheets (for signing)"),
    "ticklist": lambda: _("Tick lists: one page per member's sheet (for signing)"),
    "summary": lambda: _("Summary of results"),
    "minutes": lambda: _("Minutes of the session"),
    "feedback": lambda: _("Feedback to producers (points lost per criterion)"),
}


class PrintingPage(Page):
    key = "printing"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.STORE

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.detail = None
        self.last_pdf: Path | None = None
        tx = self.texts.bind
        form = QFormLayout()
        self.session_label, self.member_label, self.product_label, self.folder_label = (QLabel() for _i in range(4))
        tx(self.session_label.setText, lambda: _("&Session:"))
        tx(self.member_label.setText, lambda: _("&Member (sheets):"))
        tx(self.product_label.setText, lambda: _("&Product:"))
        tx(self.folder_label.setText, lambda: _("&Folder:"))
        self.session_box = QComboBox()
        self.session_box.setMinimumContentsLength(20)
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
        for label, field in ((self.session_label, self.session_box), (self.member_label, self.member_box),
                             (self.product_label, self.product_box), (self.folder_label, folder_row)):
            if isinstance(field, QHBoxLayout):
                form.addRow(label, field)
                label.setBuddy(self.folder)
            else:
                form.addRow(label, field)
                label.setBuddy(field)
        self.jobs = QListWidget()
        self.jobs.setObjectName("printJobs")
        self.jobs.itemActivated.connect(lambda _item: self.print_selected())
        self.print_button = QPushButton()
        self.open_button = QPushButton()
        tx(self.print_button.setText, lambda: _("&Print to PDF"))
        tx(self.open_button.setText, lambda: _("&Open the last PDF"))
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.open_button.clicked.connect(self._open_last)
        self.open_button.setEnabled(False)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.preview = QLabel()
        self.preview.setObjectName("printPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(240, 300)
        self.preview.setStyleSheet("QLabel#printPreview { background: palette(mid); }")
        middle = QHBoxLayout()
        middle.addWidget(self.jobs, 1)
        middle.addWidget(self.preview, 1)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addLayout(middle, 1)
        root.addLayout(buttons)
        root.addWidget(self.result)
        self.session_box.currentIndexChanged.connect(lambda _i: self._session_chosen())
        self._fill_jobs()

    def _fill_jobs(self) -> None:
        keep = self.jobs.currentRow()
        self.jobs.clear()
        for key, title in JOBS.items():
            item = QListWidgetItem(title())
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.jobs.addItem(item)
        self.jobs.setCurrentRow(max(keep, 0))

    def reload(self) -> None:
        from ocop_desk import sessions

        ok, summaries = call_now(self, lambda: sessions.list_sessions(self.ctx.store))
        keep = self.session_box.currentData()
        self.session_box.blockSignals(True)
        fill_session_box(self.session_box, summaries)
        self.session_box.setCurrentIndex(max(self.session_box.findData(keep), 0))
        self.session_box.blockSignals(False)
        self._session_chosen()

    def open_with(self, **kwargs: object) -> None:
        if isinstance(kwargs.get("session_id"), str):
            self.session_box.setCurrentIndex(max(self.session_box.findData(kwargs["session_id"]), 0))

    def _session_chosen(self) -> None:
        from ocop_desk import sessions

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

    def _browse(self) -> None:
        folder = file_dialogs.choose_folder(self, _("Folder for the PDF files"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def print_selected(self, what: str | None = None) -> None:
        from ocop_desk.print_jobs import print_session

        sid = self.session_box.currentData()
        item = self.jobs.currentItem()
        what = what or (item.data(Qt.ItemDataRole.UserRole) if item else None)
        if sid is None or what is None:
            return
        member = self.member_box.currentData() if what in ("blank", "sheets") else None
        product = self.product_box.currentData() if what in ("sheets", "feedback") else None
        out_dir = Path(self.folder.text()).expanduser()
        store = self.ctx.store

        def work(progress):  # type: ignore[no-untyped-def]
            out_dir.mkdir(parents=True, exist_ok=True)
            return print_session(store, sid, what, out_dir, member=member, product=product,
                                 progress=lambda done, total: progress.report(done, total),
                                 cancelled=lambda: progress.cancelled)

        run_op(self, work, title=_("Printing: {what}").format(what=JOBS[what]()), on_success=self._printed)

    def _printed(self, outcome) -> None:  # type: ignore[no-untyped-def]
        self.last_pdf = outcome.path
        self.open_button.setEnabled(True)
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
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument

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
