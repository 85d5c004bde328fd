"""The words of the recognition decision and of the certificate register, once for PDF and Word.

`decision_text` and `register_text` turn the store's facts into the lines
an office prints, translated; `printing/decision.py` (PDF) and
`docx/writer.py` (Word) only lay them out, so the two files always say the
same thing.  Layout follows the Vietnamese administrative style: the
issuing body and "Số: …" on the left, the national name, motto and the
place/date line on the right, "Căn cứ …", the articles, "Nơi nhận" beside
the signature, and the annex list on its own page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocop_desk.i18n import _
from ocop_desk.vocabulary import certificate_status_name
from ocop_desk.words import decimal_text

@dataclass(frozen=True)
class AnnexRow:
    product_code: str
    product_name: str
    producer_name: str
    commune: str
    star: int
    mean: str
    certificate_number: str
    valid_until: dt.date


@dataclass(frozen=True)
class DecisionPaper:
    """Everything the decision prints, read from the store by `certificates.decision_paper`."""

    authority: str  # "Ủy ban nhân dân huyện Chợ Mới"
    place_name: str  # "Chợ Mới"
    level: str
    number: str  # "125/QĐ-UBND"
    date: dt.date
    council: str
    session_id: str
    session_date: dt.date
    regulation: str  # "148/QĐ-TTg (2023)"
    validity_months: int
    rows: tuple[AnnexRow, ...]
    draft: bool = True


@dataclass(frozen=True)
class Article:
    head: str
    body: str


@dataclass(frozen=True)
class DecisionText:
    authority_lines: tuple[str, ...]
    number_line: str
    nation: str
    motto: str
    place: str  # "Chợ Mới," — printed before the date, may go on its own line
    date: str  # "ngày 15 tháng 9 năm 2026" — never broken
    draft_mark: str
    title: str
    subject: str
    issuer: str
    bases: tuple[str, ...]
    decides: str
    articles: tuple[Article, ...]
    recipients_head: str
    recipients: tuple[str, ...]
    signer: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    signature_hint: str
    annex_title: str
    annex_heading: str
    annex_subtitle: str
    annex_columns: tuple[str, ...]
    annex_rows: tuple[tuple[str, ...], ...]
    annex_widths: tuple[float, ...]  # relative widths of the annex columns


@dataclass(frozen=True)
class RegisterText:
    authority_lines: tuple[str, ...]
    title: str
    subtitle: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty: str


def long_date(day: dt.date) -> str:
    """'ngày 05 tháng 01 năm 2027': day below 10 and January, February written with two digits."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("{day}/{month}/{year}").format(day=d, month=m, year=day.year)


def short_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def authority_lines(authority: str) -> tuple[str, ...]:
    """'Ủy ban nhân dân huyện Chợ Mới' -> ('ỦY BAN NHÂN DÂN', 'HUYỆN CHỢ MỚI'), as the left header prints it."""
    text = " ".join(authority.split())
    for head in ("Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "People's Committee"):
        if text.casefold().startswith(head.casefold() + " "):
            rest = text[len(head):].strip()
            if head == "UBND":
                head = "Ủy ban nhân dân"
            return (head.upper(), rest.upper())
    return (text.upper(),) if text else ()


def area_name(level: str, place: str) -> str:
    if not place:
        return ""
    if level == "district":
        return _("{name} district").format(name=place)
    if level == "province":
        return _("{name} province").format(name=place)
    return place


def star_text(star: int) -> str:
    return _("{n} star").format(n=star)


def decision_text(p: DecisionPaper) -> DecisionText:
    area = area_name(p.level, p.place_name)
    date = long_date(p.date)
    articles = (
        Article(_("Article 1."), _(
            "To recognise the products in the list attached to this decision ({n} in all) as OCOP products "
            "of the stars shown. Each certificate is valid for {months} months from {date}.").format(
                n=len(p.rows), months=p.validity_months, date=short_date(p.date))),
        Article(_("Article 2."), _(
            "The producers of the recognised products shall keep up and improve their quality, use the OCOP "
            "emblem as regulated, and apply for re-evaluation before their certificates expire.")),
        Article(_("Article 3."), _(
            "This decision takes effect from the date of signing. The office of the {authority}, the "
            "{council}, the agencies concerned and the producers named in Article 1 shall carry it out.")
            .format(authority=p.authority, council=p.council)),
    )
    rows = tuple((str(i), r.product_name, r.producer_name, r.commune, star_text(r.star), decimal_text(r.mean),
                  r.certificate_number, short_date(r.valid_until)) for i, r in enumerate(p.rows, 1))
    return DecisionText(
        authority_lines=authority_lines(p.authority),
        number_line=_("No.: {number}").format(number=p.number),
        nation=_("SOCIALIST REPUBLIC OF VIET NAM"),
        motto=_("Independence - Freedom - Happiness"),
        place=(p.place_name + ",") if p.place_name else "",
        date=date,
        draft_mark=_("DRAFT") if p.draft else "",
        title=_("DECISION"),
        subject=_("On recognising the results of the evaluation and star ranking of OCOP products "
                  "of {area} in {year}").format(area=area or p.authority, year=p.date.year),
        issuer=_("CHAIRPERSON OF THE {authority}").format(authority=p.authority.upper()),
        bases=(
            _("Pursuant to the Law on the Organisation of Local Government;"),
            _("Pursuant to Decision {regulation} on the criteria and the procedure for evaluating and "
              "ranking OCOP products;").format(regulation=p.regulation),
            _("Pursuant to the results of the evaluation and ranking by the {council} at its session {sid} "
              "of {date};").format(council=p.council, sid=p.session_id, date=short_date(p.session_date)),
            _("At the proposal of the {council},").format(council=p.council),
        ),
        decides=_("DECIDES:"),
        articles=articles,
        recipients_head=_("Recipients:"),
        recipients=(_("- As in Article 3;"), _("- The provincial People's Committee (to report);"),
                    _("- Filed: office archive.")),
        signer=(_("ON BEHALF OF THE PEOPLE'S COMMITTEE"), _("CHAIRPERSON")),
        signature_hint=_("(Signature, full name)"),
        annex_title=_("ANNEX"),
        annex_heading=_("LIST OF PRODUCTS RECOGNISED AS OCOP PRODUCTS"),
        annex_subtitle=_("(Attached to Decision No. {number} of {date} of the {authority})").format(
            number=p.number, date=short_date(p.date), authority=p.authority),
        annex_columns=(_("No."), _("Product name"), _("Producer"), _("Address"), _("Star rank"),
                       _("Points"), _("Certificate No."), _("Valid until")),
        annex_rows=rows,
        annex_widths=(0.05, 0.18, 0.18, 0.12, 0.07, 0.07, 0.21, 0.12),
    )


def register_text(authority: str, certificates: list, *, due: list | None = None, today: dt.date | None = None,
                  within_months: int | None = None) -> RegisterText:
    """The register (`certificates`) or, with `due` (DueItem list), the re-evaluation list."""
    today = today or dt.date.today()
    if due is not None:
        items = [(d.certificate, d.status) for d in due]
        title = _("PRODUCTS DUE FOR RE-EVALUATION")
        subtitle = _("As of {date}: certificates expired or expiring within {n} months").format(
            date=short_date(today), n=within_months or 0)
    else:
        items = [(c, "valid" if c.current and c.valid_until >= today else
                  "superseded" if not c.current else "expired") for c in certificates]
        title = _("REGISTER OF OCOP CERTIFICATES")
        subtitle = _("As of {date}").format(date=short_date(today))
    rows = tuple((str(i), c.number, f"{c.product_name} ({c.product_code})", c.producer_name, star_text(c.star),
                  c.decision_number, short_date(c.issued), short_date(c.valid_until), certificate_status_name(st))
                 for i, (c, st) in enumerate(items, 1))
    return RegisterText(
        authority_lines=authority_lines(authority), title=title, subtitle=subtitle,
        columns=(_("No."), _("Certificate No."), _("Product name"), _("Producer"), _("Star rank"),
                 _("Decision"), _("Issued"), _("Valid until"), _("Status")),
        rows=rows, widths=(0.04, 0.13, 0.2, 0.18, 0.07, 0.11, 0.09, 0.09, 0.09), empty=_("none"))
