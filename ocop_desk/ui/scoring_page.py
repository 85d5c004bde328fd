"""Chấm điểm: keying a member's score sheet, product after product, by keyboard.

Every choice goes to `sessions.record_choice` the moment it is made and is
committed before the next key is taken; totals and the star shown come from
`ocop_desk.scoring`, never from arithmetic here.  Whether a member may score
is the service's rule; the screen only mirrors it so that a locked sheet
looks locked (and still lets the service have the last word).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ocop_desk import catalogue, sessions
from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CriteriaSet, split_choice
from ocop_desk.scoring.double_entry import Mismatch
from ocop_desk.scoring.profiles import Profile
from ocop_desk.sessions import SessionDetail
from ocop_desk.ui import scoring_math
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.evidence_links import evidence_for
from ocop_desk.ui.format import points_text
from ocop_desk.ui.operations import Changes, boxes_shown, call_now, run_op
from ocop_desk.ui.page import Page
from ocop_desk.ui.preferences import save_preferences
from ocop_desk.ui.scoring_agenda import AgendaPanel
from ocop_desk.ui.scoring_double_entry import DoubleEntry, mismatch_report, mismatch_text
from ocop_desk.ui.scoring_product_header import ProductHeader
from ocop_desk.ui.scoring_sheet import ScoreSheet
from ocop_desk.ui.scoring_sheets import SheetStack
from ocop_desk.ui.scoring_totals import TotalsPanel
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.vocabulary import role_name, state_name

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store


@dataclass(frozen=True)
class SessionView:
    """What the screen needs of a session, fetched off the GUI thread in one go."""

    detail: SessionDetail
    progress: dict[tuple[str, str], scoring_math.SheetProgress]  # (product, member) -> that sheet's progress
    set_sizes: dict[int, scoring_math.SheetProgress]  # criteria set pk -> a blank sheet's progress
    profile: Profile


def _fetch_session(store: Store, session_id: str) -> SessionView:
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

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.view: SessionView | None = None
        self.session_id: str | None = None
        self.member: str | None = None
        self.product: str | None = None
        self.cs: CriteriaSet | None = None
        self.choices: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.sheet: ScoreSheet | None = None
        # double entry: the second keying of the current sheet, held until compared
        self.double = DoubleEntry()
        self._loading = False
        self._totals_cache: tuple[object, object, object, scoring_math.SheetTotals] | None = None
        self._build()

    # layout ---------------------------------------------------------------
    def _build(self) -> None:
        tx = self.texts.bind
        top = QHBoxLayout()
        self.session_box = SessionChooser(self.texts, min_chars=12, adjust_to_min=True)
        self.member_label = QLabel()
        self.member_box = QComboBox()
        self.member_box.setMinimumContentsLength(18)
        self.member_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.member_label.setBuddy(self.member_box)
        tx(self.member_label.setText, lambda: _("Scoring &as:"))
        for w in (self.session_box.label, self.session_box, self.member_label, self.member_box):
            top.addWidget(w)
        top.addStretch(1)

        # left: agenda and the members' progress on the current product
        self.panel = AgendaPanel()
        self.panel.product_chosen.connect(self.open_product)
        self.panel.digit_typed.connect(self._digit_from_list)
        self.agenda = self.panel.agenda  # tests and shortcuts address the table directly

        # centre: product header, banner, the sheet
        self.header = ProductHeader(self.texts)
        self.banner = self.header.banner
        self.evidence_button, self.evidence_menu = self.header.evidence_button, self.header.evidence_menu
        self.sheet_stack = SheetStack()
        self.sheets = self.sheet_stack.sheets
        self.sheet_stack.picked.connect(self.choose)
        self.sheet_stack.note_edited.connect(self.save_note)
        self.sheet_stack.next_unanswered.connect(self._goto_next_unanswered)
        centre = QWidget()
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.header)
        cl.addWidget(self.sheet_stack, 1)

        # right: live totals
        self.totals = TotalsPanel(self.texts)
        self.double_box = self.totals.double_box
        self.double_box.setChecked(self.ctx.prefs.double_entry)
        self.totals.verify_button.clicked.connect(self._compare_now)
        t = self.totals  # the labels tests read on the page
        self.state_label, self.totals_title, self.total_label = t.state_label, t.totals_title, t.total_label
        self.star_label, self.unanswered_label, self.requirements_label = (t.star_label, t.unanswered_label,
                                                                           t.requirements_label)

        split = QSplitter()
        split.addWidget(self.panel)
        split.addWidget(centre)
        split.addWidget(self.totals)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 0)
        split.setSizes([360, 700, 200])
        split.setChildrenCollapsible(False)

        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)

        self.session_box.chosen.connect(self._session_chosen)
        self.member_box.currentIndexChanged.connect(self._member_chosen)
        self.double_box.toggled.connect(self._double_toggled)
        for seq, slot in (("Ctrl+PgDown", lambda: self.step_product(+1)),
                          ("Ctrl+PgUp", lambda: self.step_product(-1)),
                          ("Ctrl+E", self.header.open_evidence)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.retranslate_dynamic()

    @property
    def part_labels(self) -> dict[str, tuple[QLabel, QLabel]]:
        return self.totals.part_labels

    # loading --------------------------------------------------------------
    def reload(self) -> None:
        if self.session_box.refresh(self, self.ctx.store, self.session_id) is None:
            return
        target = self.session_box.current_id()
        if target is None:
            self.session_id = None
            self.view = None
            self._show_nothing()
            return
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
        """The agenda's other criteria sets get their sheets while the user works."""
        def wanted() -> list[int]:
            return [it.criteria_set_pk for it in self.view.detail.items] if self.view is not None else []

        def load(pk: int) -> CriteriaSet | None:
            if self.view is None:
                return None
            ok, cs = call_now(self, lambda: catalogue.criteria_set_by_pk(self.ctx.store, pk))
            return cs if ok else None

        self.sheet_stack.build_ahead(wanted, load)

    def _show_nothing(self) -> None:
        self.product = None
        self.cs = None
        self.sheet = None
        self.sheet_stack.setCurrentWidget(self.sheet_stack.empty)
        self.panel.clear()
        self._refresh_texts()

    # choosing session / member / product ----------------------------------
    def _session_chosen(self, sid: str) -> None:
        if sid != self.session_id:
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
        if self.view is None or self.member is None:
            return
        item = self.view.detail.item(code)
        session_id, member = self.view.detail.id, self.member
        ok, card = call_now(self, lambda: sessions.load_scorecard(self.ctx.store, session_id, code, member))
        if not ok or card is None:
            return
        self.product = code
        self.cs = catalogue.criteria_set_by_pk(self.ctx.store, item.criteria_set_pk)
        self.choices = dict(card.choices)
        self.notes = dict(card.notes)
        self.double.drop()
        self.sheet = self.sheet_stack.sheet_for(item.criteria_set_pk, self.cs)
        self.sheet_stack.setCurrentWidget(self.sheet)
        self.totals.show_parts(self.cs)
        self._show_all_choices()
        self.panel.set_product(code)
        self.header.show_evidence(evidence_for(self.ctx.store, code))
        self._refresh_texts()
        self._start_second_keying_if_due()
        self.sheet.setEnabled(True)
        first = self._next_unanswered(None) or (self.sheet.order[0] if self.sheet.order else None)
        if first is not None:
            self.sheet.focus_criterion(first)

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
            row.show_mismatch(mm is not None, mismatch_text(self.cs, mm) if mm and self.cs else "")
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
        reason = self.locked_reason()
        if reason is not None:
            self.ctx.status(reason)
            self.header.flash(reason)
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
        self.double.corrected((product, member), criterion_id)
        assert self.sheet is not None
        row = self.sheet.rows[criterion_id]
        row.show_choice(value)
        row.show_mismatch(False)
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
        reason = self.locked_reason()
        if reason is not None:
            self.header.flash(reason)
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
            self.totals.show_nothing()
            return
        self.totals.show_totals(self.cs, totals)
        if self.sheet is not None:
            for part in self.cs.parts:
                self.sheet.part_headers[part.id].setText(
                    _("Part {id}. {title} ({points} pts)").format(id=part.id, title=part.title,
                                                                  points=points_text(part.max))
                    + "   " + _("subtotal {value}").format(value=points_text(totals.parts.get(part.id))))
        self._show_applicability(totals)

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
        self.header.show_banner(text, warn=reason is not None or bool(self.mismatches) or effects is not None)
        if self.sheet is not None:
            self.totals.verify_button.setVisible(self.second is not None)

    # double entry --------------------------------------------------------
    def _double_toggled(self, on: bool) -> None:
        self.ctx.prefs = self.ctx.prefs.with_(double_entry=on)
        save_preferences(self.ctx.prefs)
        if not on:
            self.double.drop()
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
        due = self.double.due(key, complete)
        if due:
            self.double.second = {}
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
        self.double.key(criterion_id, option_id)
        self.sheet.rows[criterion_id].show_choice(option_id)
        self._update_totals()
        self._update_banner()
        if scoring_math.sheet_progress(self.cs, self.second).complete:
            self._compare_now()
        elif advance:
            self.sheet._move(criterion_id, +1)

    def _compare_now(self) -> None:
        if self.second is None or self.sheet is None or self.cs is None or self.view is None:
            return
        # every row either keying needs: a case chosen differently makes both cases' rows count
        needed = set(scoring_math.sheet_totals(self.cs, self.view.profile, self.choices).applies) | set(
            scoring_math.sheet_totals(self.cs, self.view.profile, self.second).applies)
        self.double.compare((self.product or "", self.member or ""), [k for k in self.sheet.order if k in needed],
                            self.choices)
        self._show_all_choices()
        self._update_banner()
        if self.mismatches:
            self.sheet.focus_criterion(self.mismatches[0].criterion_id)
            if boxes_shown():
                box = QMessageBox(QMessageBox.Icon.Information, _("Double entry"), self.mismatch_report(),
                                  parent=self)
                box.open()

    def mismatch_report(self) -> str:
        assert self.cs is not None
        return mismatch_report(self.cs, self.mismatches)

    @property
    def second(self) -> dict[str, str] | None:
        return self.double.second

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        return self.double.mismatches

    @property
    def verified(self) -> set[tuple[str, str]]:
        return self.double.verified

    # texts -----------------------------------------------------------------
    def retranslate_dynamic(self) -> None:
        self.sheet_stack.retranslate()
        self.panel.retranslate()
        self._refresh_texts()

    def _refresh_texts(self) -> None:
        """Texts built from the data on screen (not the sheets: those change only with the language)."""
        self.sheet_stack.empty.setText(_("No session yet. Create one under Council / Session, or import a session file.")
                           if self.view is None else _("This session has no products on its agenda."))
        if self.view is not None:
            for i, m in enumerate(self.view.detail.members):
                if i < self.member_box.count():
                    self.member_box.setItemText(i, f"{m.name} ({role_name(m.role)})")
            self.state_label.setText(_("State: {state}").format(state=state_name(self.view.detail.state)))
            if self.product is not None:
                self.header.show_product(self.view.detail.item(self.product))
        else:
            self.state_label.setText("")
            self.header.show_product(None)
        self._update_totals()
        self._update_banner()
