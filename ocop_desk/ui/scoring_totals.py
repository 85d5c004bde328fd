"""The right-hand column of the scoring screen: the session's state, double entry, and this sheet's live totals."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout

from ocop_desk.i18n import _, ngettext
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.ui import scoring_math
from ocop_desk.ui.format import points_text, stars_text
from ocop_desk.ui.texts import Texts
from ocop_desk.ui.widgets import empty_layout


class TotalsPanel(QScrollArea):
    """Every figure comes from `scoring_math.SheetTotals`; the requirements of an official sheet make a long
    list, so the column scrolls instead of squeezing."""

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        tx = texts.bind
        self.box = QFrame()
        self.box.setObjectName("totals")
        self.box.setFrameShape(QFrame.Shape.StyledPanel)
        self.box.setMinimumWidth(170)
        tl = QVBoxLayout(self.box)
        self.state_label = QLabel()
        self.state_label.setObjectName("sessionState")
        self.state_label.setWordWrap(True)
        self.double_box = QCheckBox()
        tx(self.double_box.setText, lambda: _("&Double entry"))
        tx(self.double_box.setToolTip, lambda: _("Key each paper sheet twice; every difference is shown "
                                                 "before the sheet is accepted"))
        self.totals_title = QLabel()
        self.totals_title.setStyleSheet("font-weight: bold;")
        tx(self.totals_title.setText, lambda: _("This sheet"))
        tl.addWidget(self.state_label)
        tl.addWidget(self.double_box)
        tl.addWidget(self.totals_title)
        self.parts_grid = QGridLayout()
        tl.addLayout(self.parts_grid)
        self.part_labels: dict[str, tuple[QLabel, QLabel]] = {}
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        self.total_label.setStyleSheet("font-size: 150%; font-weight: bold;")
        self.star_label = QLabel()
        self.star_label.setObjectName("star")
        self.star_label.setStyleSheet("font-size: 140%; color: #b8860b;")
        self.star_label.setWordWrap(True)
        self.unanswered_label = QLabel()
        self.unanswered_label.setObjectName("unansweredCount")
        self.unanswered_label.setWordWrap(True)
        self.verify_button = QPushButton()
        self.verify_button.hide()
        tx(self.verify_button.setText, lambda: _("Compare keyings"))
        self.requirements_title = QLabel()
        self.requirements_title.setStyleSheet("font-weight: bold;")
        self.requirements_title.setWordWrap(True)
        tx(self.requirements_title.setText, lambda: _("Star requirements on this sheet"))
        self.requirements_label = QLabel()
        self.requirements_label.setObjectName("requirements")
        self.requirements_label.setWordWrap(True)
        self.requirements_label.setTextFormat(Qt.TextFormat.PlainText)
        tl.addWidget(self.total_label)
        tl.addWidget(self.star_label)
        tl.addWidget(self.unanswered_label)
        tl.addWidget(self.verify_button)
        tl.addWidget(self.requirements_title)
        tl.addWidget(self.requirements_label)
        self.keys_help = QLabel()
        self.keys_help.setWordWrap(True)
        self.keys_help.setStyleSheet("color: palette(dark);")
        tx(self.keys_help.setText, lambda: _(
            "Keys: 1-9 pick an option (on a checklist: tick / untick) · 0 none of these · ↑/↓ or Tab move · "
            "Enter next unanswered · Delete clear · N note · Ctrl+PgDn / Ctrl+PgUp next / previous product · "
            "Ctrl+E evidence"))
        tl.addStretch(1)
        tl.addWidget(self.keys_help)

        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(self.box)
        self.setMinimumWidth(self.box.minimumWidth() + 16)

    def show_parts(self, cs: CriteriaSet) -> None:
        """One line per part of `cs` (a product of another criteria set may have other parts)."""
        empty_layout(self.parts_grid)
        self.part_labels = {}
        for i, part in enumerate(cs.parts):
            name = QLabel()
            value = QLabel()
            value.setObjectName(f"part_{part.id}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.parts_grid.addWidget(name, i, 0)
            self.parts_grid.addWidget(value, i, 1)
            self.part_labels[part.id] = (name, value)

    def show_nothing(self) -> None:
        self.total_label.setText("—")
        self.star_label.setText("")
        self.unanswered_label.setText("")
        self.requirements_label.setText("")

    def show_totals(self, cs: CriteriaSet, totals: scoring_math.SheetTotals) -> None:
        for part in cs.parts:
            name, value = self.part_labels[part.id]
            name.setText(_("Part {id}").format(id=part.id))
            value.setText(f"{points_text(totals.parts.get(part.id, Decimal(0)))} / {points_text(part.max)}")
        self.total_label.setText(_("Total {value} / {max}").format(value=points_text(totals.total),
                                                                   max=points_text(cs.max_total)))
        if totals.knockouts:
            self.star_label.setText(_("Knocked out ({ids}): no star").format(ids=", ".join(totals.knockouts)))
        elif totals.sheet_knockouts:
            self.star_label.setText(_("Knocked out by criterion {id}: no star").format(
                id=", ".join(leaf for leaf, _label in totals.sheet_knockouts)))
        else:
            self.star_label.setText(_("would give {stars}").format(stars=stars_text(totals.star))
                                    if totals.star else "")
        self.star_label.setToolTip("\n".join(totals.cap_reasons))
        missing = totals.unanswered
        self.unanswered_label.setText(
            ngettext("{n} criterion not answered", "{n} criteria not answered", missing).format(n=missing)
            if missing else _("Sheet complete"))
        self.unanswered_label.setStyleSheet("color: #c0392b; font-weight: bold;" if missing
                                            else "color: #2e8b57; font-weight: bold;")
        self._show_requirements(totals)

    def _show_requirements(self, totals: scoring_math.SheetTotals) -> None:
        """The sheet's star requirements (markers) and whether this member's sheet meets each."""
        if not totals.requirements:
            self.requirements_title.hide()
            self.requirements_label.setText("")
            self.requirements_label.hide()
            return
        lines = []
        for check in totals.requirements:
            req = check.requirement
            mark = "…" if check.met is None else ("✓" if check.met else "✗")
            got = "—" if check.points is None else points_text(check.points)
            lines.append(_("{mark} {stars} {id}: at least {min} (here {points})").format(
                mark=mark, stars="★" * req.star, id=req.criterion_id, min=points_text(req.min), points=got))
        self.requirements_title.show()
        self.requirements_label.show()
        self.requirements_label.setText("\n".join(lines))
        self.requirements_label.setToolTip("\n".join(c.requirement.label for c in totals.requirements))
