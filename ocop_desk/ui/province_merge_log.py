"""The Last merge tab of the province screen: what each file of the last merge gave, refusals in red."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ocop_desk.explain import explained
from ocop_desk.i18n import _, ngettext
from ocop_desk.vocabulary import outcome_name
from ocop_desk.words import supersession_text

REFUSED = QColor("#b03a2e")


@dataclass(frozen=True)
class MergeRun:
    files: tuple[str, ...]
    report: Any  # exchange.merge.MergeReport
    cancelled: bool


class MergeLog(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mergeLog")
        self.setWordWrap(True)

    def show_run(self, run: MergeRun | None) -> None:
        self.clear()
        if run is None:
            self.addItem(_("No merge yet in this window."))
            return
        report = run.report
        handled = len(report.outcomes) + len(report.refused)
        self.addItem(_("{n} of {total} files handled: {merged} merged, {same} unchanged, {refused} refused")
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
            self.addItem(item)
        for o in report.outcomes:
            self.addItem(_("{file}: {status}: council {council}, session {session}, {n} products, "
                           "{c} conflicts").format(file=Path(o.file).name,
                                                   status=outcome_name(o.status),
                                                   council=o.council, session=o.session or "—",
                                                   n=o.products, c=o.conflicts))
            if o.superseded:
                self.addItem("    " + supersession_text(o.superseded))
        for e in map(explained, report.refused):
            item = QListWidgetItem(_("REFUSED: {reason}").format(reason=e.one_line()))
            item.setForeground(QBrush(REFUSED))
            item.setToolTip("\n".join(e.lines()))
            self.addItem(item)
