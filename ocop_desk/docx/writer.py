"""A small office-paper writer over python-docx, and the decision and register built with it.

The page follows the Vietnamese administrative layout (A4; margins top and
bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, the face Word has
on every office machine, 13 pt).  The header is a borderless two-column
table: issuing body and number on the left, national name, motto and the
place/date line on the right.  Spaces inside the date are non-breaking
(U+00A0), so Word never breaks "ngày 15 tháng 9 năm 2026"; a reader that
compares text should fold them to plain spaces.  The closing (recipients
and signer) is one table row that may not split across pages, and the text
before it keeps with it.

`OfficeDocument` is generic (headers, paragraphs, tables, page breaks), so
the minutes and the summary can be written the same way.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ocop_desk.i18n import _
from ocop_desk.printing.layout import draft_mark_text
from ocop_desk.printing.meeting_papers import DigestBlock, Heading, Para, TableBlock
from ocop_desk.recognition_paper import DecisionText, RegisterText

if TYPE_CHECKING:
    from ocop_desk.printing.meeting_papers import Block, OfficePaper

FONT = "Times New Roman"
SIZE = 13
NBSP = "\u00a0"
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None


def unbreakable(text: str) -> str:
    return text.replace(" ", NBSP)


class OfficeDocument:
    def __init__(self, *, landscape: bool = False) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        width, height = Mm(210), Mm(297)
        if landscape:

            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(SIZE)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(0)
        self.text_width = width - section.left_margin - section.right_margin

    # ------------------------------------------------------------ blocks

    def _fill(self, paragraph: Paragraph, runs: Sequence[Run], align: str, indent_mm: float, after: float,
              keep_next: bool) -> None:
        paragraph.alignment = _ALIGN[align]
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(after)
        if indent_mm:
            fmt.first_line_indent = Mm(indent_mm)
        fmt.keep_with_next = keep_next
        for r in runs:
            run = paragraph.add_run(r.text)
            run.bold, run.italic = r.bold or None, r.italic or None
            if r.size:
                run.font.size = Pt(r.size)

    def paragraph(self, *runs: Run | str, align: str = "justify", indent_mm: float = 0, after: float = 6,
                  keep_next: bool = False) -> None:
        items = [Run(r) if isinstance(r, str) else r for r in runs]
        self._fill(self.doc.add_paragraph(), items, align, indent_mm, after, keep_next)

    def cell_lines(self, cell: _Cell, lines: Sequence[Run], align: str = "center") -> None:
        first = True
        for line in lines:
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            self._fill(p, [line], align, 0, 0, False)

    def two_columns(self, left: Sequence[Run], right: Sequence[Run], split: float = 0.4, *,
                    left_align: str = "center", keep: bool = False) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = (int(self.text_width * split), int(self.text_width * (1 - split)))
        for cell, w in zip(table.rows[0].cells, widths):
            cell.width = w
        self.cell_lines(table.rows[0].cells[0], left, left_align)
        self.cell_lines(table.rows[0].cells[1], right, "center")
        if keep:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              size: float = 11, empty: str = "", centred: Sequence[int] = (0,), strong: Sequence[int] = ()) -> None:
        table = self.doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        total = sum(widths)
        col_w = [int(self.text_width * w / total) for w in widths]
        head = table.rows[0]
        head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
        for cell, text, w in zip(head.cells, columns, col_w):
            cell.width = w
            self.cell_lines(cell, [Run(text, bold=True, size=size)])
        if not rows:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            self.cell_lines(merged, [Run(empty, italic=True, size=size)], "left")
        for values in rows:
            row = table.add_row()
            for i, (cell, text, w) in enumerate(zip(row.cells, values, col_w)):
                cell.width = w
                self.cell_lines(cell, [Run(text, bold=i in strong or text.endswith(" *"), size=size)],
                                "center" if i in centred else "left")

    def signatures(self, signers: Sequence[tuple[str, str]], hint: str) -> None:
        """One column per signer (role, hint, room to sign, name) in one row that may not split."""
        table = self.doc.add_table(rows=1, cols=max(len(signers), 1))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, (role, name) in zip(table.rows[0].cells, signers):
            if role:
                self.cell_lines(cell, [Run(role.upper(), bold=True), Run(hint, italic=True, size=12),
                                       Run(""), Run(""), Run(""), Run(name, bold=True)])
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    def page_numbers(self, template: str) -> None:
        """The footer "Trang N/M": `template` holds {n} and {total}, filled by Word's PAGE and NUMPAGES fields."""
        p = self.doc.sections[0].footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        before, rest = template.split("{n}", 1)
        middle, after = rest.split("{total}", 1)
        for piece, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
            if piece:
                p.add_run(piece).font.size = Pt(10)
            if field:
                _field(p, field)

    def running_head(self, text: str) -> None:
        """A line at the top of every page (the draft mark)."""
        p = self.doc.sections[0].header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(10)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Written beside the target and moved into place, so a failure leaves no half file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ocop-docx-", suffix=".docx", dir=path.parent)
        os.close(fd)
        try:
            self.doc.save(tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader fills when it lays out the pages."""
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(10)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            run.text = text or ""


def _header(d: OfficeDocument, authority: Sequence[str], left_extra: Sequence[Run], nation: str, motto: str,
            right_extra: Sequence[Run]) -> None:
    left = [Run(a, bold=True) for a in authority] + list(left_extra)
    right = [Run(nation, bold=True, size=12), Run(motto, bold=True)] + list(right_extra)
    d.two_columns(left, right)


def write_decision_docx(path: str | os.PathLike[str], t: DecisionText) -> Path:
    d = OfficeDocument()
    if t.draft_mark:
        d.paragraph(Run(t.draft_mark, bold=True, size=11), align="right", after=0)
    date_line = f"{t.place} {unbreakable(t.date)}".strip()
    _header(d, t.authority_lines, [Run(t.number_line)], t.nation, t.motto, [Run(date_line, italic=True)])
    d.paragraph("", after=6)
    d.paragraph(Run(t.title, bold=True, size=14), align="center", after=0)
    d.paragraph(Run(t.subject, bold=True), align="center", after=12)
    d.paragraph(Run(t.issuer, bold=True), align="center", after=12)
    for b in t.bases:
        d.paragraph(Run(b, italic=True), indent_mm=10)
    d.paragraph(Run(t.decides, bold=True), align="center")
    for i, a in enumerate(t.articles):
        d.paragraph(Run(a.head, bold=True), Run(" " + a.body), indent_mm=10, keep_next=i == len(t.articles) - 1)
    recipients = [Run(t.recipients_head, bold=True, italic=True, size=12)] + [Run(r, size=11) for r in t.recipients]
    signer = [Run(s, bold=True) for s in t.signer] + [Run(t.signature_hint, italic=True, size=12)]
    d.two_columns(recipients, signer, 0.45, left_align="left", keep=True)
    d.page_break()
    d.paragraph(Run(t.annex_title, bold=True), align="center", after=0)
    d.paragraph(Run(t.annex_heading, bold=True), align="center", after=0)
    d.paragraph(Run(t.annex_subtitle, italic=True), align="center", after=10)
    d.table(t.annex_columns, t.annex_rows, t.annex_widths)
    return d.save(path)


def write_register_docx(path: str | os.PathLike[str], t: RegisterText) -> Path:
    d = OfficeDocument(landscape=True)
    _header(d, t.authority_lines, [], _("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence - Freedom - Happiness"),
            [])
    d.paragraph("", after=6)
    d.paragraph(Run(t.title, bold=True, size=14), align="center", after=0)
    d.paragraph(Run(t.subtitle, italic=True), align="center", after=10)
    d.table(t.columns, t.rows, t.widths, empty=t.empty)
    return d.save(path)


def write_paper_docx(path: str | os.PathLike[str], p: "OfficePaper") -> Path:
    """The minutes, the summary or the recognition list (`meeting_papers`), as the PDF prints them."""
    d = OfficeDocument(landscape=p.wide)
    d.page_numbers(_("Page {n}/{total}"))
    if p.draft_mark:
        d.running_head(draft_mark_text())
    left = ([Run(p.parent)] if p.parent else []) + [Run(p.issuer, bold=True), Run(""), Run(p.number_line)]
    date_line = f"{p.place} {unbreakable(p.date)}".strip()
    d.two_columns(left, [Run(p.nation, bold=True, size=12), Run(p.motto, bold=True), Run(""),
                         Run(date_line, italic=True)])
    d.paragraph("", after=6)
    if p.draft_mark:
        d.paragraph(Run(p.draft_mark, bold=True), align="center", after=0)
    d.paragraph(Run(p.title, bold=True, size=14), align="center", after=0)
    if p.subtitle:
        d.paragraph(Run(p.subtitle, bold=not p.subtitle.startswith("("), italic=p.subtitle.startswith("(")),
                    align="center", after=10)

    def put(b: Block, keep: bool = False) -> None:
        if isinstance(b, Heading):
            d.paragraph(Run(b.text, bold=True), align="left", after=3, keep_next=True)
        elif isinstance(b, Para):
            d.paragraph(Run(b.text, bold=b.bold, italic=b.italic), align=b.align, after=4, keep_next=keep)
        elif isinstance(b, TableBlock):
            d.table(b.columns, b.rows, b.widths, size=10 if len(b.columns) > 8 else 11, empty=b.empty,
                    centred=b.centred, strong=b.strong)
            d.paragraph("", after=2, keep_next=keep)
        elif isinstance(b, DigestBlock):
            d.paragraph(Run(b.caption, italic=True, size=11), Run(" " + b.digest, size=10), align="left",
                        keep_next=keep)

    for b in p.blocks:
        put(b)
    for b in p.closing:
        put(b, keep=True)
    d.paragraph("", after=0, keep_next=True)
    d.signatures(p.signers, p.signature_hint)
    return d.save(path)
