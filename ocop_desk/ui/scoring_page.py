"""Chấm điểm: keying a member's score sheet, product after product, by keyboard.

Every choice goes to `sessions.record_choice` the moment it is made and is
committed before the next key is taken; totals and the star shown come from
`ocop_desk.scoring`, never from arithmetic here.  Whether a member may score
is the service's rule; the screen only mirrors it so that a locked sheet
looks locked (and still lets the service have the last word).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QTimer, QUrl, Qt
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.i18n import _, ngettext
from ocop_desk.scoring.criteria import CriteriaSet, split_choice
from ocop_desk.ui import scoring_math
from ocop_desk.ui.evidence_links import evidence_for
from ocop_desk.scoring.double_entry import Mismatch, compare_keyings
from ocop_desk.ui.format import points_text, stars_text
from ocop_desk.ui.operations import Changes, boxes_shown, call_now, run_op
from ocop_desk.ui.page import Page, fill_session_box
from ocop_desk.ui.scoring_agenda import AgendaPanel
from ocop_desk.ui.scoring_sheet import ScoreSheet
from ocop_desk.vocabulary import role_name, state_name


@dataclass(frozen=True)
class SessionView:
    """What the screen needs of a session, fetched off the GUI thread in one go."""

    detail: object  # sessions.SessionDetail
    progress: dict[tuple[str, str], scoring_math.SheetProgress]  # (product, member) -> that sheet's progress
    set_sizes: dict[int, scoring_math.SheetProgress]  # criteria set pk -> a blank sheet's progress
    profile: object  # scoring.profiles.Profile


def _fetch_session(store, session_id: str) -> SessionView:  # type: ignore[no-untyped-def]
    from ocop_desk import catalogue, sessions

    detail = sessions.get_session(store, session_id)
    sets = sessions.agenda_criteria_sets(store, detail)
    pk_of = {it.product_code: it.criteria_set_pk for it in detail.items}
    progress = {key: scoring_math.sheet_progress(sets[pk_of[key[0]]], choices)
                for key, choices in sessions.session_choices(store, session_id).items() if key[0] in pk_of}
    return SessionView(detail=detail, progress=progress,
                       set_sizes={pk: scoring_math.sheet_progress(cs, {}) for pk, cs in sets.items()},
                       profile=catalogue.get_profile(store, detail.council.profile_id))


class ScoringPage(Page):
    key = "scoring"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.SCORES | Changes.DOSSIERS | Changes.CRITERIA \
        | Changes.STORE

    @staticmethod
    def nav_title() -> str:
        return _("Scoring")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.view: SessionView | None = None
        self.session_id: str | None = None
        self.member: str | None = None
        self.product: str | None = None
        self.cs: CriteriaSet | None = None
        self.choices: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.sheets: dict[int, ScoreSheet] = {}
        self.sheet: ScoreSheet | None = None
        # double entry: the second keying of the current sheet, held until compared
        self.second: dict[str, str] | None = None
        self.mismatches: tuple[Mismatch, ...] = ()
        self.verified: set[tuple[str, str]] = set()
        self._loading = False
        self._totals_cache: tuple[object, object, object, scoring_math.SheetTotals] | None = None
        self._build()

    # layout ---------------------------------------------------------------
    def _build(self) -> None:
        tx = self.texts.bind
        top = QHBoxLayout()
        self.session_label = QLabel()
        self.session_box = QComboBox()
        self.session_box.setMinimumContentsLength(12)
        self.session_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.session_label.setBuddy(self.session_box)
        self.member_label = QLabel()
        self.member_box = QComboBox()
        self.member_box.setMinimumContentsLength(18)
        self.member_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.member_label.setBuddy(self.member_box)
        self.double_box = QCheckBox()
        self.double_box.setChecked(self.ctx.prefs.double_entry)
        self.state_label = QLabel()
        self.state_label.setObjectName("sessionState")
        self.state_label.setWordWrap(True)
        tx(self.session_label.setText, lambda: _("&Session:"))
        tx(self.member_label.setText, lambda: _("Scoring &as:"))
        tx(self.double_box.setText, lambda: _("&Double entry"))
        tx(self.double_box.setToolTip, lambda: _("Key each paper sheet twice; every difference is shown "
                                                 "before the sheet is accepted"))
        for w in (self.session_label, self.session_box, self.member_label, self.member_box):
            top.addWidget(w)
        top.addStretch(1)

        # left: agenda and the members' progress on the current product
        self.panel = AgendaPanel()
        self.panel.product_chosen.connect(self.open_product)
        self.panel.digit_typed.connect(self._digit_from_list)
        self.agenda = self.panel.agenda  # tests and shortcuts address the table directly
        left = self.panel

        # centre: product header, banner, the sheet
        self.product_title = QLabel()
        self.product_title.setObjectName("productTitle")
        self.product_title.setWordWrap(True)
        self.product_title.setStyleSheet("font-weight: bold; font-size: 115%;")
        self.product_info = QLabel()
        self.product_info.setWordWrap(True)
        self.evidence_button = QToolButton()
        self.evidence_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.evidence_menu = QMenu(self)
        self.evidence_button.setMenu(self.evidence_menu)
        tx(self.evidence_button.setText, lambda: _("&Evidence"))
        tx(self.evidence_button.setToolTip, lambda: _("Open the dossier's evidence files (Ctrl+E)"))
        head = QGridLayout()
        head.addWidget(self.product_title, 0, 0)
        head.addWidget(self.evidence_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.product_info, 1, 0, 1, 2)
        head.setColumnStretch(0, 1)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.sheet_stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.sheet_stack.addWidget(self.empty)
        centre = QWidget()
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(head)
        cl.addWidget(self.banner)
        cl.addWidget(self.sheet_stack, 1)

        # right: live totals
        self.totals_box = QFrame()
        self.totals_box.setObjectName("totals")
        self.totals_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.totals_box.setMinimumWidth(170)
        tl = QVBoxLayout(self.totals_box)
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
        self.verify_button.clicked.connect(self._compare_now)
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

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(centre)
        # the requirements of an official sheet make a long list: the panel scrolls, never squeezes
        self.totals_scroll = QScrollArea()
        self.totals_scroll.setWidgetResizable(True)
        self.totals_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.totals_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.totals_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.totals_scroll.setWidget(self.totals_box)
        self.totals_scroll.setMinimumWidth(self.totals_box.minimumWidth() + 16)
        split.addWidget(self.totals_scroll)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 0)
        split.setSizes([360, 700, 200])
        split.setChildrenCollapsible(False)

        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)

        self.session_box.currentIndexChanged.connect(self._session_chosen)
        self.member_box.currentIndexChanged.connect(self._member_chosen)
        self.double_box.toggled.connect(self._double_toggled)
        for seq, slot in (("Ctrl+PgDown", lambda: self.step_product(+1)),
                          ("Ctrl+PgUp", lambda: self.step_product(-1)),
                          ("Ctrl+E", self._open_first_evidence)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.retranslate_dynamic()

    # loading --------------------------------------------------------------
    def reload(self) -> None:
        from ocop_desk import sessions

        ok, summaries = call_now(self, lambda: sessions.list_sessions(self.ctx.store))
        if not ok:
            return
        self._loading = True
        keep = self.session_id
        fill_session_box(self.session_box, summaries)
        self._loading = False
        ids = [s.id for s in summaries or []]
        if not ids:
            self.session_id = None
            self.view = None
            self._show_nothing()
            return
        target = keep if keep in ids else ids[0]
        self.session_box.setCurrentIndex(ids.index(target))
        self.load_session(target)

    def open_with(self, **kwargs: object) -> None:
        """Another screen asks for a session (and a member, a product); the reload opens them."""
        for name in ("member", "product"):
            value = kwargs.get(name)
            if isinstance(value, str):
                setattr(self, name, value)
        session_id = kwargs.get("session_id")
        if isinstance(session_id, str):
            self.session_id = session_id
            self._stale = True
            if self.isVisible():
                self._stale = False
                self.reload()

    def load_session(self, session_id: str, *, wait: bool = False) -> None:
        self.session_id = session_id
        store = self.ctx.store
        op = run_op(self, lambda progress: _fetch_session(store, session_id), title=_("Opening the session"),
                    on_success=self._session_loaded, cancellable=False)
        del op

    def _session_loaded(self, view: SessionView) -> None:
        if view.detail.id != self.session_id:
            return
        self.view = view
        detail = view.detail
        self._loading = True
        self.member_box.clear()
        for m in detail.members:
            self.member_box.addItem(f"{m.name} ({role_name(m.role)})", m.code)
        codes = [m.code for m in detail.members]
        if self.member not in codes:
            self.member = codes[0] if codes else None
        if self.member is not None:
            self.member_box.setCurrentIndex(codes.index(self.member))
        self._loading = False
        self.panel.show_session(view, self.member)
        products = [it.product_code for it in detail.items]
        if not products:
            self._show_nothing()
            return
        self.open_product(self.product if self.product in products else products[0])
        self._prebuild_sheets()

    def _prebuild_sheets(self) -> None:
        """Build the other sets' sheets while the user works, one per idle moment.

        Building a 40-criteria sheet costs ~100 ms of widget creation and
        styling; done ahead, opening any product of the agenda only swaps sheets.
        """
        from ocop_desk import catalogue

        if self.view is None:
            return
        pending = [it.criteria_set_pk for it in self.view.detail.items if it.criteria_set_pk not in self.sheets]
        if not pending:
            return
        pk = pending[0]

        def build() -> None:
            if pk in self.sheets or self.view is None:
                return
            ok, cs = call_now(self, lambda: catalogue.criteria_set_by_pk(self.ctx.store, pk))
            if ok and cs is not None:
                sheet = self.sheets[pk] = self._new_sheet(cs)
                self.sheet_stack.addWidget(sheet)
                QTimer.singleShot(30, self, self._prebuild_sheets)

        QTimer.singleShot(30, self, build)  # never fires once the page is gone

    def _show_nothing(self) -> None:
        self.product = None
        self.cs = None
        self.sheet = None
        self.sheet_stack.setCurrentWidget(self.empty)
        self.panel.clear()
        self._refresh_texts()

    # choosing session / member / product ----------------------------------
    def _session_chosen(self, index: int) -> None:
        if self._loading or index < 0:
            return
        sid = self.session_box.itemData(index)
        if sid and sid != self.session_id:
            self.product = None
            self.load_session(sid)

    def _member_chosen(self, index: int) -> None:
        if self._loading or index < 0:
            return
        code = self.member_box.itemData(index)
        if code and code != self.member:
            self.set_member(code)

    def set_member(self, code: str) -> None:
        self.member = code
        if self.member_box.currentData() != code:
            self._loading = True
            self.member_box.setCurrentIndex(self.member_box.findData(code))
            self._loading = False
        self.panel.set_member(code)
        if self.product is not None:
            self.open_product(self.product)

    def step_product(self, step: int) -> None:
        if self.view is None or self.product is None:
            return
        codes = [it.product_code for it in self.view.detail.items]
        i = codes.index(self.product) + step
        if 0 <= i < len(codes):
            self.open_product(codes[i])

    def open_product(self, code: str) -> None:
        """Show `code`'s sheet for the current member, focused on the first unanswered criterion."""
        from ocop_desk import catalogue, sessions

        if self.view is None or self.member is None:
            return
        item = self.view.detail.item(code)
        ok, card = call_now(self, lambda: sessions.load_scorecard(self.ctx.store, self.view.detail.id, code,
                                                                   self.member))
        if not ok:
            return
        self.product = code
        self.cs = catalogue.criteria_set_by_pk(self.ctx.store, item.criteria_set_pk)
        self.choices = dict(card.choices)
        self.notes = dict(card.notes)
        self.second = None
        self.mismatches = ()
        sheet = self.sheets.get(item.criteria_set_pk)
        if sheet is None:
            sheet = self.sheets[item.criteria_set_pk] = self._new_sheet(self.cs)
            self.sheet_stack.addWidget(sheet)
        self.sheet = sheet
        self.sheet_stack.setCurrentWidget(sheet)
        self._show_parts(self.cs)
        self._show_all_choices()
        self.panel.set_product(code)
        self._fill_evidence(code)
        self._refresh_texts()
        self._start_second_keying_if_due()
        self.sheet.setEnabled(True)
        first = self._next_unanswered(None) or (self.sheet.order[0] if self.sheet.order else None)
        if first is not None:
            self.sheet.focus_criterion(first)

    def _new_sheet(self, cs: CriteriaSet) -> ScoreSheet:
        sheet = ScoreSheet(cs)
        for row in sheet.rows.values():
            row.picked.connect(self.choose)
            row.note_edited.connect(self.save_note)
            row.next_unanswered.connect(self._goto_next_unanswered)
        return sheet

    def _show_parts(self, cs: CriteriaSet) -> None:
        while self.parts_grid.count():
            w = self.parts_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.part_labels = {}
        for i, part in enumerate(cs.parts):
            name = QLabel()
            value = QLabel()
            value.setObjectName(f"part_{part.id}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.parts_grid.addWidget(name, i, 0)
            self.parts_grid.addWidget(value, i, 1)
            self.part_labels[part.id] = (name, value)

    def _shown_choices(self) -> dict[str, str]:
        return self.second if self.second is not None else self.choices

    def _show_all_choices(self) -> None:
        if self.sheet is None:
            return
        shown = self._shown_choices()
        wrong = {m.criterion_id: m for m in self.mismatches}
        for cid, row in self.sheet.rows.items():
            row.show_choice(shown.get(cid))
            row.show_note(self.notes.get(cid, ""))
            mm = wrong.get(cid)
            row.show_mismatch(mm is not None, self._mismatch_text(mm) if mm else "")
        self._update_totals()

    def _show_applicability(self, totals: scoring_math.SheetTotals) -> None:
        """Grey the rows that do not count: the case not chosen, the criteria after a "stop" option."""
        if self.sheet is None or self.cs is None:
            return
        stopped = set(totals.stopped)
        for key, row in self.sheet.rows.items():
            applies = key in totals.applies
            row.show_applies(applies, _("not to be scored") if key in stopped else "")
        self.sheet.show_cases({s.id: self._shown_choices().get(s.id) for s in self.cs.case_sections()})

    # the heart: a choice ------------------------------------------------------
    def locked_reason(self) -> str | None:
        """Why the current sheet cannot be changed, as the session records stand (None: it can)."""
        from ocop_desk import sessions

        if self.ctx.read_only:
            return _("The store is open read-only; nothing can be changed.")
        if self.view is None or self.product is None or self.member is None:
            return _("Choose a session, a member and a product.")
        detail = self.view.detail
        lock = sessions.may_score(detail, self.product, self.member)
        if lock == "closed":
            return _("Session closed: scores are locked. Reopen it (with a reason) under Council / Session.")
        if lock == "preparing":
            return _("The session is still being prepared: start scoring under Council / Session.")
        name = detail.member(self.member).name
        if lock == "conflict":
            return _("{name} has a conflict of interest with this product and does not score it.").format(name=name)
        if lock == "absent":
            return _("{name} is recorded as absent from this session.").format(name=name)
        return None

    def choose(self, criterion_id: str, option_id: str | None, advance: bool = False) -> None:
        """Record one answer: an option id, a checklist's ticks joined by `+`, a case id (key: the section)."""
        from ocop_desk import sessions

        reason = self.locked_reason()
        if reason is not None:
            self.ctx.status(reason)
            self._flash_banner(reason)
            if self.sheet is not None:
                self.sheet.rows[criterion_id].show_choice(self._shown_choices().get(criterion_id))
            return
        assert self.view is not None and self.product is not None and self.member is not None
        if self.second is not None:
            self._second_keying(criterion_id, option_id, advance)
            return
        session_id, product, member = self.view.detail.id, self.product, self.member
        ok, saved = call_now(self, lambda: sessions.record_choice(self.ctx.store, session_id, product, member,
                                                                  criterion_id, option_id, toggle=False))
        if not ok:
            if self.sheet is not None:
                self.sheet.rows[criterion_id].show_choice(self.choices.get(criterion_id))
            return
        value = saved.option_id if saved is not None else option_id
        if value is None:
            self.choices.pop(criterion_id, None)
        else:
            self.choices[criterion_id] = value
        resolving = bool(self.mismatches)
        self.mismatches = tuple(m for m in self.mismatches if m.criterion_id != criterion_id)
        assert self.sheet is not None
        row = self.sheet.rows[criterion_id]
        row.show_choice(value)
        row.show_mismatch(False)
        if resolving and not self.mismatches:
            self.verified.add((product, member))
        self._after_change()
        self.ctx.bus.announce(Changes.SCORES, origin=self)
        if self._start_second_keying_if_due():
            return  # the first keying is complete: the second starts at once, from the top
        if advance and self.mismatches:
            self.sheet.focus_criterion(self.mismatches[0].criterion_id)
        elif advance:
            self.sheet._move(criterion_id, +1)

    def _after_change(self) -> None:
        assert self.view is not None and self.product is not None and self.cs is not None
        self.view.progress[(self.product, self.member or "")] = scoring_math.sheet_progress(self.cs, self.choices)
        self.panel.progress_changed()
        self._update_totals()
        self._update_banner()

    def save_note(self, criterion_id: str, text: str) -> None:
        from ocop_desk import sessions

        reason = self.locked_reason()
        if reason is not None:
            self._flash_banner(reason)
            if self.sheet is not None:
                self.sheet.rows[criterion_id].show_note(self.notes.get(criterion_id, ""))
            return
        assert self.view is not None and self.product is not None and self.member is not None
        session_id, product, member = self.view.detail.id, self.product, self.member
        ok, _r = call_now(self, lambda: sessions.set_note(self.ctx.store, session_id, product, member,
                                                          criterion_id, text))
        if ok:
            if text:
                self.notes[criterion_id] = text
            else:
                self.notes.pop(criterion_id, None)
            self.ctx.status(_("Note saved."))

    def _missing(self) -> list[str]:
        """The rows still to answer, in sheet order (rows that do not count are never missing)."""
        totals = self.sheet_totals()
        if self.sheet is None or totals is None:
            return []
        missing = set(totals.missing)
        return [key for key in self.sheet.order if key in missing]

    def _next_unanswered(self, after: str | None) -> str | None:
        if self.sheet is None:
            return None
        order = self.sheet.order
        missing = set(self._missing())
        start = order.index(after) + 1 if after in order else 0
        for cid in order[start:] + order[:start]:
            if cid in missing:
                return cid
        return None

    def _goto_next_unanswered(self, criterion_id: str) -> None:
        """Enter: to the next criterion still to answer, the one the member is on if it is unanswered."""
        target = criterion_id if criterion_id in self._missing() else self._next_unanswered(criterion_id)
        if target is not None and self.sheet is not None:
            self.sheet.focus_criterion(target)
        elif self.second is not None:
            self._compare_now()
        else:
            self.ctx.status(_("Every criterion is answered. Ctrl+PgDn: next product."))

    # totals ------------------------------------------------------------------
    def sheet_totals(self) -> scoring_math.SheetTotals | None:
        if self.cs is None or self.view is None:
            return None
        knockouts = tuple(k.id for k in self.view.detail.item(self.product).knockouts) if self.product else ()
        shown = self._shown_choices()
        # one keystroke asks several times (totals, banner, next row): ask the engine once per state
        state = (knockouts, frozenset(shown.items()))
        hit = self._totals_cache
        if hit is None or hit[0] is not self.cs or hit[1] is not self.view.profile or hit[2] != state:
            hit = self._totals_cache = (self.cs, self.view.profile, state,
                                        scoring_math.sheet_totals(self.cs, self.view.profile, shown, knockouts))
        return hit[3]

    def _update_totals(self) -> None:
        totals = self.sheet_totals()
        if totals is None or self.cs is None:
            self.total_label.setText("—")
            self.star_label.setText("")
            self.unanswered_label.setText("")
            self.requirements_label.setText("")
            return
        for part in self.cs.parts:
            name, value = self.part_labels[part.id]
            name.setText(_("Part {id}").format(id=part.id))
            value.setText(f"{points_text(totals.parts.get(part.id, Decimal(0)))} / {points_text(part.max)}")
            if self.sheet is not None:
                self.sheet.part_headers[part.id].setText(
                    _("Part {id}. {title} ({points} pts)").format(id=part.id, title=part.title,
                                                                  points=points_text(part.max))
                    + "   " + _("subtotal {value}").format(value=points_text(totals.parts.get(part.id))))
        self.total_label.setText(_("Total {value} / {max}").format(value=points_text(totals.total),
                                                                   max=points_text(self.cs.max_total)))
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
        self._show_applicability(totals)

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

    # banner ------------------------------------------------------------------
    def _effects_text(self) -> str | None:
        """What the chosen options do beyond points (knock-out, stop), naming each criterion."""
        totals = self.sheet_totals()
        if totals is None or self.cs is None:
            return None
        lines = []
        for leaf, label in totals.sheet_knockouts:
            crit = self.cs.criterion(leaf)
            lines.append(_("Knock-out: criterion {id} «{title}»: {label}").format(
                id=leaf, title=crit.title if crit else leaf, label=label))
        shown = self._shown_choices()
        for crit in self.cs.criteria():
            value = shown.get(crit.id)
            if value is None or crit.id not in totals.applies:
                continue
            for oid in split_choice(value) if crit.kind == "checklist" else (value,):
                opt = crit.option(oid)
                if opt is not None and opt.effect is not None and opt.effect.kind == "stop":
                    lines.append(_("Stop: criterion {id} «{title}»: {label}; the criteria after it are not "
                                   "scored").format(id=crit.id, title=crit.title, label=opt.effect.label))
        return "\n".join(lines) or None

    def _update_banner(self) -> None:
        reason = self.locked_reason()
        text = None
        effects = self._effects_text() if self.product is not None else None
        if reason is not None and self.product is not None:
            text = reason
        elif self.second is not None:
            keyed = scoring_math.sheet_progress(self.cs, self.second) if self.cs is not None else None
            done, total = (keyed.done, keyed.needed) if keyed is not None else (0, 0)
            text = _("Second keying of this sheet: key it again from the paper ({done}/{total}). "
                     "Nothing is saved until both keyings are compared.").format(done=done, total=total)
        elif self.mismatches:
            text = _("{n} differences between the two keyings (highlighted). Key the right option on each "
                     "to accept the sheet.").format(n=len(self.mismatches))
        elif self.product and self.member and (self.product, self.member) in self.verified \
                and self.double_box.isChecked():
            text = _("Both keyings agree: sheet accepted.")
        if effects is not None:
            text = effects if text is None else f"{effects}\n{text}"
        self.banner.setVisible(text is not None)
        if text is not None:
            self.banner.setText(text)
            warn = reason is not None or bool(self.mismatches) or effects is not None
            self.banner.setStyleSheet(
                "padding: 6px; border-radius: 3px; background: %s;" % ("#fde2e1" if warn else "#e3f1fb"))
        if self.sheet is not None:
            self.verify_button.setVisible(self.second is not None)

    def _flash_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet("padding: 6px; border-radius: 3px; background: #fde2e1;")
        self.banner.show()

    # double entry --------------------------------------------------------
    def _double_toggled(self, on: bool) -> None:
        from ocop_desk.ui.preferences import save_preferences

        self.ctx.prefs = self.ctx.prefs.with_(double_entry=on)
        save_preferences(self.ctx.prefs)
        if not on:
            self.second = None
            self.mismatches = ()
            self._show_all_choices()
            self._update_banner()
        else:
            self._start_second_keying_if_due()

    def _start_second_keying_if_due(self) -> bool:
        """With double entry on, a complete first keying not yet verified asks for the second one (True)."""
        if not self.double_box.isChecked() or self.sheet is None or self.locked_reason() is not None \
                or self.cs is None:
            self._update_banner()
            return False
        key = (self.product or "", self.member or "")
        complete = scoring_math.sheet_progress(self.cs, self.choices).complete
        due = complete and key not in self.verified and self.second is None and not self.mismatches
        if due:
            self.second = {}
            self._show_all_choices()
            self.sheet.focus_criterion(self.sheet.order[0])
        self._update_banner()
        return due

    def _digit_from_list(self, event: QKeyEvent) -> None:
        """A digit typed in the product list scores the criterion the member is on, as on the sheet."""
        if self.sheet is None or not self.sheet.order:
            return
        target = self.sheet.current if self.sheet.current in self.sheet.rows else None
        if target is not None and not self.sheet.rows[target].applies():
            target = None
        target = target or self._next_unanswered(None) or self.sheet.order[0]
        self.sheet.focus_criterion(target)
        QApplication.sendEvent(self.sheet.rows[target], QKeyEvent(event.type(), event.key(), event.modifiers(),
                                                                  event.text()))

    def _second_keying(self, criterion_id: str, option_id: str | None, advance: bool) -> None:
        assert self.second is not None and self.sheet is not None and self.cs is not None
        if option_id is None:
            self.second.pop(criterion_id, None)
        else:
            self.second[criterion_id] = option_id
        self.sheet.rows[criterion_id].show_choice(option_id)
        self._update_totals()
        self._update_banner()
        if scoring_math.sheet_progress(self.cs, self.second).complete:
            self._compare_now()
        elif advance:
            self.sheet._move(criterion_id, +1)

    def _compare_now(self) -> None:
        if self.second is None or self.sheet is None or self.cs is None:
            return
        second = self.second
        self.second = None
        # every row either keying needs: a case chosen differently makes both cases' rows count
        needed = set(scoring_math.sheet_totals(self.cs, self.view.profile, self.choices).applies) | set(
            scoring_math.sheet_totals(self.cs, self.view.profile, second).applies)
        self.mismatches = compare_keyings([k for k in self.sheet.order if k in needed], self.choices, second)
        key = (self.product or "", self.member or "")
        if not self.mismatches:
            self.verified.add(key)
        self._show_all_choices()
        self._update_banner()
        if self.mismatches:
            self.sheet.focus_criterion(self.mismatches[0].criterion_id)
            if boxes_shown():
                box = QMessageBox(QMessageBox.Icon.Information, _("Double entry"), self.mismatch_report(),
                                  parent=self)
                box.open()

    def mismatch_report(self) -> str:
        lines = [_("The two keyings differ on {n} criteria:").format(n=len(self.mismatches))]
        lines += [self._mismatch_text(m) for m in self.mismatches]
        return "\n".join(lines)

    def _mismatch_text(self, m: Mismatch) -> str:
        assert self.cs is not None
        crit = self.cs.criterion(m.criterion_id)
        section = self.cs.section(m.criterion_id) if crit is None else None

        def label(value: str | None) -> str:
            if value is None:
                return _("(none)")
            if section is not None:
                case = section.case(value)
                return case.title if case else value
            names = []
            for oid in split_choice(value) if crit is not None and crit.kind == "checklist" else (value,):
                opt = crit.option(oid) if crit else None
                names.append(f"{opt.label} ({points_text(opt.points)})" if opt else oid)
            return " + ".join(names)

        title = crit.title if crit else (section.title if section else m.criterion_id)
        return _("{criterion}: first keying {first}, second keying {second}").format(
            criterion=title, first=label(m.first), second=label(m.second))

    # evidence ----------------------------------------------------------------
    def _fill_evidence(self, product_code: str) -> None:
        self.evidence_menu.clear()
        files = evidence_for(self.ctx.store, product_code)
        for f in files:
            action = self.evidence_menu.addAction(f.label)
            action.triggered.connect(lambda _c=False, p=f.path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        self.evidence_button.setEnabled(bool(files))
        self._evidence = files

    def _open_first_evidence(self) -> None:
        if getattr(self, "_evidence", None):
            self.evidence_button.showMenu()

    # texts -----------------------------------------------------------------
    def retranslate_dynamic(self) -> None:
        for sheet in self.sheets.values():
            sheet.retranslate()
        self.panel.retranslate()
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        """Texts built from the data on screen (not the sheets: those change only with the language)."""
        self.empty.setText(_("No session yet. Create one under Council / Session, or import a session file.")
                           if self.view is None else _("This session has no products on its agenda."))
        if self.view is not None:
            for i, m in enumerate(self.view.detail.members):
                if i < self.member_box.count():
                    self.member_box.setItemText(i, f"{m.name} ({role_name(m.role)})")
            self.state_label.setText(_("State: {state}").format(state=state_name(self.view.detail.state)))
            if self.product is not None:
                it = self.view.detail.item(self.product)
                self.product_title.setText(f"{it.product_code} — {it.product_name}")
                info = _("{producer} ({kind}), {commune} · criteria set {set}").format(
                    producer=it.producer_name, kind=it.producer_kind, commune=it.commune, set=it.criteria_set_id)
                if it.knockouts:
                    info += " · " + _("knocked out: {ids}").format(ids=", ".join(k.id for k in it.knockouts))
                self.product_info.setText(info)
        else:
            self.state_label.setText("")
            self.product_title.setText("")
            self.product_info.setText("")
        self._update_totals()
        self._update_banner()
