"""Print jobs: gather a session's values from the services and write the PDFs.

Every job takes `progress(done, total)` and `cancelled()` callbacks so the
GUI can run it off its thread with a progress bar and a Cancel button; the
CLI passes nothing.  A cancelled job raises `PrintCancelled` and leaves no
half-written file behind.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ocop_desk.bundles.keys import list_keys
from ocop_desk.catalogue import get_profile, resolve_criteria_set
from ocop_desk.certificates import paper_details
from ocop_desk.errors import ImportRefused, NotFound, OcopError
from ocop_desk.i18n import _
from ocop_desk.exchange.session_results import last_export_digest
from ocop_desk.identifiers import child_path
from ocop_desk.papers_out import paper_kinds
from ocop_desk.printing.blank_sheet import write_blank_sheet, write_blank_sheets
from ocop_desk.printing.feedback import FeedbackPage, LostPoints, PartScore, write_feedback
from ocop_desk.printing.layout import counting, counting_pages
from ocop_desk.printing.meeting_papers import (Attendee, MinutesData, ResultLine, minutes_text, recognition_text,
                                               summary_text)
from ocop_desk.printing.member_sheet import scorecard_digest, write_member_sheets
from ocop_desk.printing.minutes import write_minutes, write_recognition_list
from ocop_desk.printing.summary import MemberColumn, SummaryData, SummaryRow, write_summary
from ocop_desk.printing.ticklist import write_tick_lists
from ocop_desk.printing.values import CouncilInfo, FilledScorecard, MemberInfo, ProductInfo, fmt_points
from ocop_desk.results import member_sheets, session_results
from ocop_desk.scoring.feedback import product_feedback
from ocop_desk.scoring.ranking import sheet_star
from ocop_desk.self_assessment import compare, get_self_assessment
from ocop_desk.sessions import agenda_criteria_sets, get_session, session_choices, session_notes
from ocop_desk.vocabulary import PRINT_KINDS, WORD_PAPERS

if TYPE_CHECKING:
    from ocop_desk.certificates import PaperDetails
    from ocop_desk.results import SessionResults
    from ocop_desk.scoring.criteria import CriteriaSet
    from ocop_desk.sessions import AgendaInfo, SessionDetail
    from ocop_desk.store.engine import Store

WHATS = PRINT_KINDS
PAPERS = WORD_PAPERS  # also printed as Word (`fmt="docx"`)
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class PrintCancelled(OcopError):
    exit_code = 130


@dataclass(frozen=True)
class PrintOutcome:
    what: str
    path: Path
    pages: int
    items: int  # sheets, products or documents laid out


def _noop_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


class _Ticker:
    """Reports progress and checks for cancel between items."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress or _noop_progress
        self.cancelled = cancelled or _never

    def tick(self, n: int = 1) -> None:
        if self.cancelled():
            raise PrintCancelled(_("printing was cancelled"))
        self.done += n
        self.progress(min(self.done, self.total), self.total)


def council_info(detail: "SessionDetail") -> CouncilInfo:
    return CouncilInfo(council=detail.council.name, authority="", place=detail.place, day=detail.date,
                       level=detail.council.level)


def product_info(item: "AgendaInfo") -> ProductInfo:
    return ProductInfo(name=item.product_name, code=item.product_code, producer=item.producer_name,
                       phone=item.phone, address=item.address or item.commune)


def write_atomically(path: Path, write: Callable[[Any], int]) -> int:
    """Lay out into a temporary file beside `path`, then move it into place (an existing PDF of
    that name is replaced, as a secretary re-printing a document expects).  While `plan_job` counts
    pages nothing is written: the layout runs and its page count is returned."""
    if counting():
        return write(io.BytesIO())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ocop-print-", suffix=".pdf", dir=path.parent)
    except OSError as exc:
        raise OcopError(_("cannot create the folder or write into it: {reason}").format(
            reason=_os_reason(exc)), file=str(path.parent)) from None
    os.close(fd)
    try:
        pages = write(tmp)
        os.replace(tmp, path)
        return pages
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OcopError(_("cannot write the PDF: {reason}; is it open in another program?").format(
            reason=_os_reason(exc)), file=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _os_reason(exc: OSError) -> str:
    """The operating system's refusal as a sentence in the user's language."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return _("a file of that name stands where a folder is needed")
    if isinstance(exc, PermissionError):
        return _("no permission to write there")
    if isinstance(exc, IsADirectoryError):
        return _("a folder of that name is in the way")
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    return exc.strerror or type(exc).__name__


def output_path(out: Path | str, name: str) -> Path:
    """Where a print job writes: `out` itself when it names a file of `name`'s kind (.pdf, .docx), else
    `name` inside the folder `out` (created if missing).  An existing file of another kind is never
    overwritten."""
    out = Path(out)
    suffix = Path(name).suffix.lower()
    if out.is_dir():
        return out / name
    if out.suffix.lower() == suffix:
        return out
    if out.suffix.lower() in (".pdf", ".docx"):  # a file of the other kind: never a folder of that name
        raise OcopError(_("the file name ends in {given} but this job writes {wanted}").format(
            given=out.suffix, wanted=suffix), file=str(out), place="--out")
    if out.exists():
        if suffix == ".docx":
            raise OcopError(_("this is an existing file but not a Word file; give a folder or a file name "
                              "ending in .docx"), file=str(out), place="--out")
        raise OcopError(_("this is an existing file but not a PDF; give a folder or a file name "
                          "ending in .pdf"), file=str(out), place="--out")
    return out / name


def default_name(session_id: str, what: str, suffix: str = ".pdf") -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in session_id)
    return f"{safe}-{what}{suffix}"


# ------------------------------------------------------------------ jobs


def print_blank(store: "Store", session_id: str, out: Path, *, member: str | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None) -> PrintOutcome:
    """One blank sheet per agenda product, header fields filled in (and the member's name, if given)."""
    detail = get_session(store, session_id)
    member_name = ""
    if member:
        found = next((m for m in detail.members if m.code == member), None)
        if found is None:
            raise NotFound(_("member {code} is not in council {council}").format(
                code=member, council=detail.council.id), place="member")
        member_name = found.name
    sets = agenda_criteria_sets(store, detail)
    items = [(sets[item.criteria_set_pk], product_info(item)) for item in detail.items
             if not (member and member in item.conflicts)]
    ticker = _Ticker(len(items), progress, cancelled)
    pages = write_atomically(out, lambda f: write_blank_sheets(
        f, items, council=council_info(detail), member_name=member_name,
        on_mark=lambda _label: ticker.tick()))
    return PrintOutcome("blank", out, pages, len(items))


def filled_scorecards(store: "Store", session_id: str, *, member: str | None = None,
                      product: str | None = None) -> list[tuple["CriteriaSet", FilledScorecard]]:
    """Every scorecard with at least one choice, in agenda then council order."""
    detail = get_session(store, session_id)
    if member and all(m.code != member for m in detail.members):
        raise NotFound(_("member {code} is not in council {council}").format(
            code=member, council=detail.council.id), place="member")
    if product:
        detail.item(product)  # raises NotFound naming the session
    profile = get_profile(store, detail.council.profile_id)
    sets = agenda_criteria_sets(store, detail)
    choices = session_choices(store, session_id)
    notes = session_notes(store, session_id)
    out = []
    for item in detail.items:
        if product and item.product_code != product:
            continue
        cs = sets[item.criteria_set_pk]
        for m in detail.members:
            if member and m.code != member:
                continue
            picked = choices.get((item.product_code, m.code))
            if not picked:
                continue
            # The screen's rule: no star while incomplete, caps applied; a knocked-out dossier gets
            # no star whatever its points (the sheet says why).
            star, reasons = (None, ()) if item.knockouts else sheet_star(cs, profile, picked)
            digest = scorecard_digest(session=session_id, product=item.product_code, member=m.code,
                                      criteria_set_hash=item.criteria_set_hash, choices=picked)
            crit_notes = notes.get((item.product_code, m.code), {})
            text = "; ".join(f"{cid}: {note}" for cid, note in crit_notes.items())
            out.append((cs, FilledScorecard(product=product_info(item), member=MemberInfo(m.name, m.role),
                                            choices=dict(picked), notes=text, star=star,
                                            star_reasons=tuple(reasons), digest=digest,
                                            knockouts=tuple(k.id for k in item.knockouts),
                                            criterion_notes=dict(crit_notes))))
    return out


def _print_cards(what: str, writer: Callable[..., int], store: "Store", session_id: str, out: Path,
                 member: str | None, product: str | None, progress: Progress | None,
                 cancelled: Cancelled | None) -> PrintOutcome:
    """Lay out every member's sheet with at least one choice with `writer` (filled sheets, tick lists)."""
    detail = get_session(store, session_id)
    cards = filled_scorecards(store, session_id, member=member, product=product)
    if not cards:
        raise NotFound(_("no scorecard with any choice to print in session {sid}").format(sid=session_id),
                       place="session")
    ticker = _Ticker(len(cards), progress, cancelled)
    pages = write_atomically(out, lambda f: writer(f, cards, council=council_info(detail),
                                                    on_mark=lambda _label: ticker.tick()))
    return PrintOutcome(what, out, pages, len(cards))


def print_sheets(store: "Store", session_id: str, out: Path, *, member: str | None = None,
                 product: str | None = None, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> PrintOutcome:
    """Each member's filled sheet, as the blank sheet with the member's ticks, totals, star and digest."""
    return _print_cards("sheets", write_member_sheets, store, session_id, out, member, product, progress,
                        cancelled)


def print_tick_lists(store: "Store", session_id: str, out: Path, *, member: str | None = None,
                     product: str | None = None, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> PrintOutcome:
    """One page per member's sheet: the option ticked on each criterion, points, total, signature."""
    return _print_cards("ticklist", write_tick_lists, store, session_id, out, member, product, progress,
                        cancelled)


def flag_text(flag: Any, names: dict[str, str] | None = None) -> str:
    """One sentence for a ranking flag (`scoring.ranking.Flag`), naming the member."""
    detail = dict(getattr(flag, "detail", {}) or {})
    member = (names or {}).get(flag.member or "", flag.member or "")
    kind = getattr(flag, "kind", "")
    if kind == "discrepancy":
        return _("{member}: total {total}, {gap} points from the median of the others ({median})").format(
            member=member, total=_num(detail.get("total")), gap=_num(detail.get("gap")),
            median=_num(detail.get("median_of_others")))
    if kind == "too_few_scorecards":
        return _("only {counted} complete sheets; at least {minimum} are needed").format(
            counted=detail.get("counted", "?"), minimum=detail.get("minimum", "?"))
    if kind == "star_capped":
        return _("star lowered from {old} to {new}: {reasons}").format(
            old=detail.get("from", "?"), new=detail.get("to", "?"), reasons=detail.get("reasons", ""))
    bits = [f"{k}: {v}" for k, v in detail.items() if v not in (None, "")]
    return ", ".join([kind] + ([member] if member else []) + bits)


def _num(text: Any) -> str:
    try:
        return fmt_points(Decimal(str(text)))
    except Exception:  # noqa: BLE001 - a flag detail that is not a number is printed as it is
        return str(text)


def is_draft(detail: "SessionDetail") -> bool:
    """Results printed before the council closed the session are a draft."""
    return detail.state != "closed"


def summary_data(res: "SessionResults", details: "PaperDetails | None" = None) -> "Any":
    detail = res.session
    names = {m.code: m.name for m in detail.members}
    members = tuple(MemberColumn(m.code, m.name) for m in detail.members)
    rows = []
    for p in res.products:
        r = p.result
        totals: dict[str, Decimal | str | None] = {}
        for m in r.members:
            totals[m.member] = m.total if m.total is not None and not m.reason else (m.reason or None)
        rows.append(SummaryRow(code=p.code, name=p.item.product_name, producer=p.item.producer_name,
                               totals=totals, mean=r.mean, star=r.star, status=r.status,
                               flags=tuple(flag_text(f, names) for f in r.flags),
                               flagged=tuple(m.member for m in r.members if m.flagged)))
    return SummaryData(council=paper_council(res, details), session_id=detail.id, date=detail.date,
                       place=detail.place, members=members, rows=tuple(rows), draft=is_draft(detail),
                       number=_numbers(details).get("summary", ""))


def paper_council(res: "SessionResults", details: "PaperDetails | None") -> CouncilInfo:
    """The council as its signed papers name it: under its parent authority, dated in its town."""
    if details is None:
        return council_info(res.session)
    return replace(council_info(res.session), authority=details.parent_authority, place=details.place_name)


def _numbers(details: "PaperDetails | None") -> dict[str, str]:
    return {kind: number for kind, (number, _day) in details.numbers.items()} if details else {}


def paper_format(fmt: str) -> str:
    """"pdf" or "docx", by the rule the decision and the register follow (`papers_out`); one at a time."""
    kinds = paper_kinds(fmt)
    if len(kinds) != 1:
        raise ImportRefused(_("a print job writes one format: pdf or docx"), place="--format")
    return kinds[0]


def _write_paper(out: Path, fmt: str, text: Any, pdf: Callable[[Any], int]) -> int:
    """The one paper in PDF (`pdf(tmp)`, atomically) or Word (the same `text`); Word reports no pages."""
    if paper_format(fmt) == "docx":
        from ocop_desk.docx.writer import write_paper_docx  # python-docx loads only for a Word paper

        write_paper_docx(out, text)
        return 0
    return write_atomically(out, pdf)


def print_summary(store: "Store", session_id: str, out: Path, *, fmt: str = "pdf", progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> PrintOutcome:
    res, details = _paper_results(store, session_id)
    ticker = _Ticker(1, progress, cancelled)
    data = summary_data(res, details)
    pages = _write_paper(out, fmt, summary_text(data), lambda f: write_summary(f, data))
    ticker.tick()
    return PrintOutcome("summary", out, pages, len(data.rows))


def _paper_results(store: "Store", session_id: str) -> tuple["SessionResults", "PaperDetails"]:
    """The session's results and the facts its papers print beside them (`certificates.paper_details`)."""
    return session_results(store, session_id), paper_details(store, session_id)


def print_recognition(store: "Store", session_id: str, out: Path, *, fmt: str = "pdf",
                      progress: Progress | None = None, cancelled: Cancelled | None = None) -> PrintOutcome:
    """The list of products the council proposes for recognition (and forwards upward), to sign with the minutes."""
    res, details = _paper_results(store, session_id)
    ticker = _Ticker(1, progress, cancelled)
    data = minutes_data(res, details=details)
    pages = _write_paper(out, fmt, recognition_text(data), lambda f: write_recognition_list(f, data))
    ticker.tick()
    return PrintOutcome("recognition", out, pages, len(data.recognised))


def council_key_fingerprint(council_id: str) -> str:
    """The fingerprint of this machine's newest unrevoked key for the council, or ''."""
    try:
        keys = [k for k in list_keys() if k.public.owner_kind == "council" and k.public.owner_id == council_id
                and not k.revoked_at]
    except OcopError:  # an unreadable key file must not stop the minutes from printing
        return ""
    return keys[-1].public.fingerprint if keys else ""


def minutes_data(res: "SessionResults", bundle_digest: str = "", key_fingerprint: str = "",
                 details: "PaperDetails | None" = None) -> "Any":
    detail = res.session

    def line(p: Any) -> ResultLine:
        return ResultLine(p.code, p.item.product_name, p.item.producer_name, p.result.mean, p.result.star,
                          p.result.status, p.criteria_set.title, p.item.commune)

    sets: dict[str, str] = {}
    for p in res.products:
        cs = p.criteria_set
        sets.setdefault(cs.content_hash, f"{cs.title} — {cs.regulation}")
    names = {m.code: m.name for m in detail.members}
    discrepancies: list[str] = []
    notes: list[str] = []
    for p in res.products:
        for f in p.result.flags:
            said = f"{p.code} ({p.item.product_name}): {flag_text(f, names)}"
            (discrepancies if f.kind == "discrepancy" else notes).append(said)
    rule = res.profile.level(detail.council.level)
    return MinutesData(
        council=paper_council(res, details), session_id=detail.id, date=detail.date,
        place=detail.place, start_time=(details.start_time or "") if details else "",
        end_time=(details.end_time or "") if details else "", numbers=_numbers(details),
        attendees=tuple(Attendee(m.name, m.role, m.present) for m in detail.members),
        criteria_sets=tuple(sets.values()), results=tuple(line(p) for p in res.products),
        recognised=tuple(line(p) for p in res.recognised()), forwarded=tuple(line(p) for p in res.forwarded()),
        forwards_min=rule.forwards_min, recognised_stars=rule.recognises, discrepancies=tuple(discrepancies),
        notes=tuple(notes), compared=sum(1 for p in res.products if p.result.counted >= 2),
        bundle_digest=bundle_digest, profile_title=res.profile.title, key_fingerprint=key_fingerprint,
        draft=is_draft(detail))


def print_minutes(store: "Store", session_id: str, out: Path, *, bundle_digest: str = "",
                  key_fingerprint: str | None = None, fmt: str = "pdf", progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> PrintOutcome:
    """The minutes; the council key's fingerprint is looked up on this machine unless given, and once a
    results bundle of the session has been exported, its digest (the newest) is printed with a QR code."""
    if not bundle_digest:
        bundle_digest = last_export_digest(store, session_id)
    res, details = _paper_results(store, session_id)
    ticker = _Ticker(1, progress, cancelled)
    if key_fingerprint is None:
        key_fingerprint = council_key_fingerprint(res.session.council.id)
    data = minutes_data(res, bundle_digest, key_fingerprint, details)
    pages = _write_paper(out, fmt, minutes_text(data), lambda f: write_minutes(f, data))
    ticker.tick()
    return PrintOutcome("minutes", out, pages, 1)


def feedback_page(outcome: Any, fb: Any, session_id: str = "", comparison: Any = None) -> "Any":
    """The printed page for one product from `scoring.feedback.ProductFeedback` (and the producer's
    `self_assessment.Comparison`, when there is one)."""
    cs = outcome.criteria_set
    sections = {s.id: s.title for p in cs.parts for s in p.sections}
    parts = tuple(PartScore(p.part_id, p.title, p.mean, p.max) for p in fb.parts)
    losses = tuple(LostPoints(c.title, sections.get(c.section_id, ""), c.mean, c.max,
                              c.next_better.label if c.next_better else "",
                              c.next_better.points if c.next_better else None)
                   for c in fb.losing())
    r = outcome.result
    return FeedbackPage(product=product_info(outcome.item), criteria_set=cs.title, mean=r.mean, star=r.star,
                        status=r.status, parts=parts, losses=losses, session_id=session_id,
                        comparison=comparison)


def _feedback_pages(store: "Store", session_id: str, product: str | None, ticker: Callable[[int], _Ticker]
                    ) -> tuple["SessionResults", list[tuple["AgendaInfo", Any]], _Ticker]:
    """(the session's results, (agenda item, feedback page) per product in agenda order, the ticker
    `ticker(products)` made and ticked once per product)."""
    res = session_results(store, session_id)
    choices = session_choices(store, session_id)
    chosen = [p for p in res.products if product is None or p.code == product]
    if product and not chosen:
        res.session.item(product)  # raises NotFound naming the session
    ticks = ticker(len(chosen))
    out = []
    for p in chosen:
        fb = product_feedback(p.criteria_set, res.profile, member_sheets(res.session, p.item, choices))
        own = get_self_assessment(store, p.code, p.item.criteria_set_hash)
        comparison = compare(store, session_id, p.code) if own is not None else None
        out.append((p.item, feedback_page(p, fb, session_id, comparison)))
        ticks.tick()
    return res, out, ticks


def print_feedback(store: "Store", session_id: str, out: Path, *, product: str | None = None,
                   progress: Progress | None = None, cancelled: Cancelled | None = None) -> PrintOutcome:
    """Every product of the session (or one) in one PDF, each from a new page."""
    res, pages_in, _ticks = _feedback_pages(store, session_id, product,
                                            lambda n: _Ticker(n, progress, cancelled))
    pages = [page for _item, page in pages_in]
    written = write_atomically(out, lambda f: write_feedback(f, pages, council=council_info(res.session),
                                                              draft=is_draft(res.session)))
    return PrintOutcome("feedback", out, written, len(pages))


# A producer's name may hold 300 characters; a file name has 255 bytes (and Windows paths 260 characters).
FILE_NAME_CHARS = 100


@dataclass(frozen=True)
class ProducerFeedback:
    """One producer's file of `print_feedback_per_producer`."""

    producer: str
    products: tuple[str, ...]  # product codes, in agenda order
    path: Path
    pages: int = 0


def producer_feedback_files(store: "Store", session_id: str, folder: Path | str) -> list[ProducerFeedback]:
    """Where each producer's feedback goes in `folder`: the producer's name as the file name (through the
    one output-name rule); the first product code when the name cannot name a file (or is too long for
    one), or beside the name when two producers of the same name (in two communes) would share one."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OcopError(_("one PDF per producer is written into a folder, and this is a file"),
                        file=str(folder), place="--out")
    if not folder.exists() and folder.suffix.lower() == ".pdf":
        raise OcopError(_("one PDF per producer is written into a folder: give a folder, not a PDF file name"),
                        file=str(folder), place="--out")
    groups: dict[tuple[str, str], list[str]] = {}
    for item in get_session(store, session_id).items:
        groups.setdefault((item.producer_name, item.commune), []).append(item.product_code)
    taken: set[str] = set()
    out = []
    for (name, _commune), codes in groups.items():
        path = _name_file(folder, name) or child_path(folder, codes[0], suffix=".pdf")
        if path.name.casefold() in taken:  # file systems that ignore case would put both in one file
            path = child_path(folder, path.stem, codes[0], suffix=".pdf")
        taken.add(path.name.casefold())
        out.append(ProducerFeedback(name, tuple(codes), path))
    return out


def _name_file(folder: Path, name: str) -> Path | None:
    if len(name) > FILE_NAME_CHARS:
        return None
    try:
        return child_path(folder, name, suffix=".pdf")
    except OcopError:  # a '/', ':' or '..' in the name
        return None


def print_feedback_per_producer(store: "Store", session_id: str, folder: Path | str, *, replace: bool = False,
                                progress: Progress | None = None, cancelled: Cancelled | None = None
                                ) -> list[ProducerFeedback]:
    """One PDF per producer holding the feedback of each of its products (in agenda order).

    A file of the same name already in the folder is refused unless `replace`: these names come from
    the store, not from the user, so an older print is not silently overwritten.  Every file is laid out
    before the first is written, so a cancelled or failed job leaves the folder as it was.
    """
    files = producer_feedback_files(store, session_id, folder)
    existing = [f.path for f in files if f.path.exists()]
    if existing and not replace:
        raise OcopError(_("{n} of the files exist already (the first: {name}); choose another folder or "
                          "ask for them to be replaced (--replace)").format(n=len(existing), name=existing[0].name),
                        file=str(Path(folder)), place="--replace")
    res, pages_in, ticker = _feedback_pages(store, session_id, None,
                                            lambda n: _Ticker(n + len(files), progress, cancelled))
    page_of = {item.product_code: page for item, page in pages_in}
    council, draft = council_info(res.session), is_draft(res.session)
    laid: list[tuple[ProducerFeedback, bytes, int]] = []
    for f in files:
        buffer = io.BytesIO()
        pages = write_feedback(buffer, [page_of[c] for c in f.products], council=council, draft=draft)
        laid.append((f, buffer.getvalue(), pages))
        ticker.tick()
    written = []
    for f, data, pages in laid:
        write_atomically(f.path, _bytes_writer(data, pages))
        written.append(ProducerFeedback(f.producer, f.products, f.path, pages))
    return written


def _bytes_writer(data: bytes, pages: int) -> Callable[[Any], int]:
    def write(tmp: Any) -> int:
        Path(tmp).write_bytes(data)
        return pages

    return write


def print_session(store: "Store", session_id: str, what: str, out_dir: Path | str, *,
                  member: str | None = None, product: str | None = None, bundle_digest: str = "",
                  key_fingerprint: str | None = None, fmt: str = "pdf", progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> PrintOutcome:
    """The one entry point the CLI and the GUI call; `out_dir` is a folder or a .pdf file name
    (see `output_path`).  `fmt` "docx" writes the papers of `PAPERS` as Word instead."""
    kind = paper_format(fmt)
    if kind != "pdf" and what not in PAPERS:
        raise OcopError(_("only the summary, the minutes and the recognition list are written as Word"),
                        place="--format")
    out = output_path(out_dir, default_name(session_id, what, "." + kind))
    kw: dict[str, Any] = {"progress": progress, "cancelled": cancelled}
    if what == "blank":
        return print_blank(store, session_id, out, member=member, **kw)
    if what == "sheets":
        return print_sheets(store, session_id, out, member=member, product=product, **kw)
    if what == "ticklist":
        return print_tick_lists(store, session_id, out, member=member, product=product, **kw)
    if what == "summary":
        return print_summary(store, session_id, out, fmt=kind, **kw)
    if what == "minutes":
        return print_minutes(store, session_id, out, bundle_digest=bundle_digest,
                             key_fingerprint=key_fingerprint, fmt=kind, **kw)
    if what == "recognition":
        return print_recognition(store, session_id, out, fmt=kind, **kw)
    if what == "feedback":
        return print_feedback(store, session_id, out, product=product, **kw)
    raise ValueError(f"unknown print job {what!r}")


@dataclass(frozen=True)
class JobPlan:
    """What a print job will produce, known before it starts: its pages and its sheets/products/documents."""

    what: str
    pages: int
    items: int


def plan_job(store: "Store", session_id: str, what: str, *, member: str | None = None,
             product: str | None = None, bundle_digest: str = "", key_fingerprint: str | None = None,
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> JobPlan:
    """The page count of `print_session` with the same choices, exactly: the job itself runs with the
    PDF layout counting pages only (no drawing, nothing written to disk), so the count cannot drift
    from the printed one.  Raises what the job would raise (nothing to print, unknown member)."""
    with counting_pages():
        outcome = print_session(store, session_id, what, Path(default_name(session_id, what)), member=member,
                                product=product, bundle_digest=bundle_digest, key_fingerprint=key_fingerprint,
                                progress=progress, cancelled=cancelled)
    return JobPlan(what, outcome.pages, outcome.items)


def plan_criteria_set(store: "Store", ref: str) -> JobPlan:
    """The page count of `print_criteria_set`, counted the same way as `plan_job`."""
    with counting_pages():
        outcome = print_criteria_set(store, ref, Path("plan.pdf"))
    return JobPlan(outcome.what, outcome.pages, outcome.items)


def plan_text(plan: JobPlan) -> str:
    """"42 pages, 14 sheets": what the secretary reads before starting the job (screen and CLI)."""
    if plan.what in ("blank", "sheets", "ticklist"):
        return _("{pages} pages, {items} sheets").format(pages=plan.pages, items=plan.items)
    if plan.what in ("summary", "feedback"):
        return _("{pages} pages, {items} products").format(pages=plan.pages, items=plan.items)
    return _("{pages} pages").format(pages=plan.pages)


def print_criteria_set(store: "Store", ref: str, out_dir: Path | str) -> PrintOutcome:
    """A blank sheet for one criteria set, outside any session."""
    _pk, cs = resolve_criteria_set(store, ref)
    out = output_path(out_dir, default_name(cs.id, "blank"))
    pages = write_atomically(out, lambda f: write_blank_sheet(f, cs))
    return PrintOutcome("blank", out, pages, 1)
