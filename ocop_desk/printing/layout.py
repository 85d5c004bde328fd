"""Page frame and the pieces every document shares.

A4 with the margins of Vietnamese administrative documents (left 25 mm so a
filed sheet can be bound), the national header block, signature blocks, and
a footer that names the document (sheet, product, member) and its page.
"""

from __future__ import annotations

import gc
import io
import math
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Iterator, Sequence

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ocop_desk import __version__
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _, language
from ocop_desk.printing.fonts import FONTS, font_files, register_fonts
from ocop_desk.printing.text import TextCell, split_lines

MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 15 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 15 * mm
class Shade(colors.Color):
    """A fill colour hashed once: shaded grid rows are dictionary keys (the `grid` caches) thousands of
    times a print, and reportlab's colours rebuild their hash key every time."""

    def __init__(self, hex_text: str) -> None:
        rgb = colors.HexColor(hex_text)
        super().__init__(rgb.red, rgb.green, rgb.blue)
        self._hash = super().__hash__()

    def __hash__(self) -> int:
        return self._hash


SHADE_PART = Shade("#d9d9d9")
SHADE_SECTION = Shade("#efefef")
CELL = 9.5
SMALL = 8


def cell(text: str, *, bold: bool = False, italic: bool = False, size: float = CELL,
         align: str = "left") -> TextCell:
    register_fonts()
    font = FONTS.bold if bold else FONTS.italic if italic else FONTS.regular
    return TextCell(text, font, size, align=align)


@dataclass(frozen=True)
class TextLine:
    text: str
    font: str
    size: float
    rule_after: float = 0.0  # width of a short centred rule under this line, 0 for none


class Columns(Flowable):
    """Columns of centred lines side by side (national header, signatures), drawn directly."""

    def __init__(self, columns: Sequence[Sequence[TextLine]], widths: Sequence[float],
                 gaps: Sequence[float] | None = None) -> None:
        super().__init__()
        self.columns = [list(c) for c in columns]
        self.widths = list(widths)
        self.width = sum(self.widths)
        self._laid: list[list[tuple[tuple[str, ...], TextLine]]] = []
        self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._laid = []
        height = 0.0
        for col, w in zip(self.columns, self.widths):
            laid = []
            h = 0.0
            for line in col:
                ls = split_lines(line.text, line.font, line.size, w - 4) if line.text else ("",)
                laid.append((ls, line))
                h += len(ls) * line.size * 1.25 + (4 if line.rule_after else 0)
            self._laid.append(laid)
            height = max(height, h)
        self.height = height
        return self.width, height

    def draw(self) -> None:
        canv = self.canv
        canv.setLineWidth(0.6)
        x = 0.0
        for laid, w in zip(self._laid, self.widths):
            y = self.height
            for ls, line in laid:
                canv.setFont(line.font, line.size)
                for text in ls:
                    y -= line.size * 1.25
                    if text:
                        canv.drawCentredString(x + w / 2, y + 0.27 * line.size, text)
                if line.rule_after:
                    y -= 4
                    canv.line(x + (w - line.rule_after) / 2, y + 2, x + (w + line.rule_after) / 2, y + 2)
            x += w


class Beside(Flowable):
    """Flowables side by side, each in its own width, top-aligned (a QR code beside a signature)."""

    def __init__(self, parts: Sequence[tuple[Flowable, float]]) -> None:
        super().__init__()
        self.parts = list(parts)
        self.width = sum(w for _f, w in self.parts)
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._sizes = [f.wrap(w, availHeight) for f, w in self.parts]
        self.height = max((h for _w, h in self._sizes), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for (f, w), (_fw, fh) in zip(self.parts, self._sizes):
            f.drawOn(self.canv, x, self.height - fh)
            x += w


class Stack(Flowable):
    """Flowables one under the other in one width (a QR code, then the digest it holds)."""

    def __init__(self, parts: Sequence[Flowable]) -> None:
        super().__init__()
        self.parts = list(parts)
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._sizes = [f.wrap(availWidth, availHeight) for f in self.parts]
        self.width = availWidth
        self.height = sum(h for _w, h in self._sizes)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for f, (_w, h) in zip(self.parts, self._sizes):
            y -= h
            f.drawOn(self.canv, 0, y)


def national_header(authority: Sequence[str], width: float, place_date: str | None = None) -> Flowable:
    """Issuing body on the left, the national name and motto on the right, then the date line."""
    register_fonts()
    lines = [a for a in authority if a]
    left = [TextLine(a.upper(), FONTS.bold if i == len(lines) - 1 else FONTS.regular, 10,
                  22 * mm if i == len(lines) - 1 else 0.0) for i, a in enumerate(lines)]
    right = [TextLine(_("SOCIALIST REPUBLIC OF VIET NAM"), FONTS.bold, 10.5),
             TextLine(_("Independence - Freedom - Happiness"), FONTS.bold, 11, 45 * mm)]
    if place_date:
        right += [TextLine("", FONTS.regular, 4), TextLine(place_date, FONTS.italic, 10)]
    return Columns([left, right], [width * 0.42, width * 0.58])


def date_line(place: str, day: int | None = None, month: int | None = None,
              year: int | None = None) -> str:
    """'Chợ Mới, ngày 5 tháng 9 năm 2026', dotted blanks where a part is not known."""
    blank = "....."
    text = _("{place}, {day}/{month}/{year}").format(
        place=place or "............", day=day or blank, month=month or blank, year=year or blank)
    return text


def signature_block(signers: Sequence[tuple[str, str]], width: float,
                    hint: str | None = None) -> Flowable:
    """One column per signer: role, '(signature, full name)', space to sign, name."""
    register_fonts()
    hint = _("(Signature, full name)") if hint is None else hint
    cols: list[list[TextLine]] = []
    for role, name in signers:
        if not role:
            cols.append([])
            continue
        cols.append([TextLine(role.upper(), FONTS.bold, 10), TextLine(hint, FONTS.italic, 9),
                     TextLine("", FONTS.regular, 44), TextLine(name or "", FONTS.bold, 10)])
    n = max(len(cols), 1)
    return Columns(cols, [width / n] * n)


class FooterMark(Flowable):
    """Zero-size marker: from here on, the footer names `label` and pages restart at 1."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        doc_state = getattr(self.canv, "_ocop_footer", None)
        page = self.canv.getPageNumber()
        if doc_state is None or doc_state[0] != self.label:
            self.canv._ocop_footer = (self.label, page)  # type: ignore[attr-defined]


def _draw_footer(canv: Any, doc: Any) -> None:
    label, first = getattr(canv, "_ocop_footer", ("", 1))
    page = canv.getPageNumber() - first + 1
    canv.saveState()
    canv.setFont(FONTS.regular, SMALL)
    canv.setFillColor(colors.HexColor("#555555"))
    y = MARGIN_BOTTOM - 6 * mm
    page_text = _("Page {n}").format(n=page)
    right = doc.pagesize[0] - doc.rightMargin
    if isinstance(canv, _PageOfTotalCanvas):  # "Trang N/M", written once the total is known
        page_text = _("Page {n}/{total}").format(n=page, total=999)
        canv.footer_at = (right, y)
    else:
        canv.drawRightString(right, y, page_text)
    if label:
        room = right - doc.leftMargin - canv.stringWidth(page_text, FONTS.regular, SMALL) - 6 * mm
        if canv.stringWidth(label, FONTS.regular, SMALL) > room:
            while label and canv.stringWidth(label + "…", FONTS.regular, SMALL) > room:
                label = label[:-1]
            label += "…"
        canv.drawString(doc.leftMargin, y, label)
    canv.restoreState()


class _Canvas(Canvas):
    """reportlab's canvas, with the internals the canvases below use declared: its stubs leave them out."""

    _onPage: Callable[[int], None] | None  # the page callback `setPageCallBack` sets (None: none)
    _startPage: Callable[[], None]  # starts the next page: number, accumulators, graphics state


class _PageOfTotalCanvas(_Canvas):
    """Holds the pages back until the end of the build, so each footer can say "Trang N/M"."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._held: list[dict[str, Any]] = []
        self.footer_at: tuple[float, float] | None = None

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            if self.footer_at is not None:
                _label, first = getattr(self, "_ocop_footer", ("", 1))
                self.saveState()
                self.setFont(FONTS.regular, SMALL)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawRightString(*self.footer_at, _("Page {n}/{total}").format(
                    n=self.getPageNumber() - first + 1, total=total - first + 1))
                self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


def draft_mark_text() -> str:
    """The line printed on every page of a document whose session is not closed yet."""
    return _("DRAFT — the session is not closed; these results are not final")


_WATERMARKS: dict[tuple[str, int], Any] = {}


def _watermark(word: str, angle: int) -> Any:
    """The diagonal DRAFT as a pale picture, made once per process: drawn as text it would be read
    back by PDF text extraction and copy-paste in the middle of the page's own lines."""
    key = (word, angle)
    if key not in _WATERMARKS:
        try:
            font = ImageFont.truetype(str(font_files()[FONTS.bold]), 220)
        except (ImportError, OSError):  # a Pillow built without FreeType: the margin line still says DRAFT
            _WATERMARKS[key] = None
            return None
        left, top, right, bottom = font.getbbox(word)
        img = Image.new("LA", (math.ceil(right - left) + 40, math.ceil(bottom - top) + 40), (0, 0))
        ImageDraw.Draw(img).text((20 - left, 20 - top), word, font=font, fill=(160, 255))
        _WATERMARKS[key] = ImageReader(img.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC).convert("RGBA"))
    return _WATERMARKS[key]


def _draw_draft(canv: Any, doc: Any) -> None:
    """A large pale diagonal DRAFT over the page (see-through, so shaded rows do not hide it), and the
    draft line in the top margin."""
    width, height = doc.pagesize
    image = _watermark(_("DRAFT"), 35 if height > width else 25)
    if image is not None:
        iw, ih = image.getSize()
        w = width * 0.8
        h = w * ih / iw
        canv.saveState()
        canv.setFillAlpha(0.3)
        canv.drawImage(image, (width - w) / 2, (height - h) / 2, w, h, mask="auto")
        canv.restoreState()
    canv.saveState()
    line = draft_mark_text()
    canv.setFont(FONTS.bold, 9)
    canv.setFillColor(colors.HexColor("#b00000"))
    canv.setStrokeColor(colors.HexColor("#b00000"))
    right = width - doc.rightMargin
    text_w = canv.stringWidth(line, FONTS.bold, 9)
    y = height - MARGIN_TOP + 4 * mm
    canv.drawRightString(right - 2, y, line)
    canv.setLineWidth(0.8)
    canv.rect(right - text_w - 5, y - 2.6, text_w + 7, 11.5, stroke=1, fill=0)
    canv.restoreState()


def _draw_footer_and_draft(canv: Any, doc: Any) -> None:
    _draw_footer(canv, doc)
    _draw_draft(canv, doc)


def page_size(wide: bool = False) -> tuple[float, float]:
    return landscape(A4) if wide else A4


def frame_width(wide: bool = False) -> float:
    return page_size(wide)[0] - MARGIN_LEFT - MARGIN_RIGHT


def frame_height(wide: bool = False) -> float:
    return page_size(wide)[1] - MARGIN_TOP - MARGIN_BOTTOM


_COUNTING: ContextVar[bool] = ContextVar("ocop_counting_pages", default=False)


@contextmanager
def counting_pages() -> Iterator[None]:
    """Within this block `build_pdf` lays documents out to count their pages and writes nothing (the
    secretary's page estimate before a job starts: the same layout code, so the same count)."""
    token = _COUNTING.set(True)
    try:
        yield
    finally:
        _COUNTING.reset(token)


def counting() -> bool:
    """Inside `counting_pages()`."""
    return _COUNTING.get()


class PageCounter(_Canvas):
    """A canvas that keeps only the page count: page streams are dropped, nothing is saved.  Flowables
    whose drawing is costly (`grid.Grid`) skip it on this canvas; layout never depends on drawing."""

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        if self._onPage:
            self._onPage(self.getPageNumber())
        self._startPage()

    def save(self) -> None:
        return None

    def _drop(self, *args: Any, **kwargs: Any) -> None:
        return None

    def drawImage(self, *args: Any, **kwargs: Any) -> tuple[int, int]:  # noqa: N802 - reportlab's name
        return 0, 0  # no image is read: reportlab's answer (the image's size in pixels) is unknown here

    drawString = drawCentredString = drawRightString = drawText = drawPath = _drop  # noqa: N815
    rect = line = doForm = _drop


class _Doc(BaseDocTemplate):
    """Calls `on_mark(label)` as each document of a multi-document PDF is laid out (progress, cancel)."""

    def __init__(self, *args: Any, on_mark: Callable[[str], None] | None = None, **kw: Any) -> None:
        self._on_mark = on_mark
        super().__init__(*args, **kw)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        if self._on_mark is not None and isinstance(flowable, FooterMark):
            self._on_mark(flowable.label)


def build_pdf(out: str | os.PathLike[str] | BinaryIO, story: list[Flowable], *, title: str, wide: bool = False,
              subject: str = "", on_mark: Callable[[str], None] | None = None, draft: bool = False,
              page_of_total: bool = False) -> int:
    """Lay out `story` into `out`; returns the number of pages.

    `draft` marks every page as a draft (a session's results before the council closed it);
    `page_of_total` numbers the pages "Trang N/M" (a one-document paper an office signs).
    """
    register_fonts()
    if counting():
        out = io.BytesIO()
    if isinstance(out, os.PathLike):
        out = os.fspath(out)
    size = page_size(wide)
    doc = _Doc(out, on_mark=on_mark, pagesize=size, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                          author="ocop-desk", subject=subject,
                          creator=f"ocop-desk {__version__}", lang=language(),
                          initialFontName=FONTS.regular)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPageEnd=_draw_footer_and_draft if draft else _draw_footer)])
    # Laying out thousands of sheets allocates millions of short-lived, acyclic
    # objects; the cyclic collector then rescans the whole growing heap again
    # and again (a fifth of a 1,800-sheet print).  Reference counting frees
    # them anyway, so the collector is paused for the build and restored after.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        doc.build(story, canvasmaker=PageCounter if counting() else _PageOfTotalCanvas if page_of_total else Canvas)
    except LayoutError as exc:  # reportlab's limit: one block taller than a page (an endless unbroken name)
        raise OcopError(_("a text is too long to fit on a page; shorten it and print again"),
                        file=out if isinstance(out, str) else None,
                        place=_("page {n}").format(n=doc.page)) from exc
    finally:
        if was_enabled:
            gc.enable()
    return doc.page
