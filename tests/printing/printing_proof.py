"""poppler helpers for the PDF proofs: text, fonts, pages, word boxes, rendering."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

LONG_NAME = ("Gạo nếp cẩm Bắc Hà hữu cơ đặc sản vùng cao được trồng theo phương pháp truyền thống "
             "của đồng bào dân tộc Mông trên ruộng bậc thang xã Thanh Vận")


def _need(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} (poppler-utils) is required for the PDF proofs"
    return path


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    cmd = [_need("pdftotext"), "-enc", "UTF-8", "-layout"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def pdf_text_flat(pdf: Path) -> str:
    """Text in reading order (columns kept apart), white space folded, so wrapped names match."""
    out = subprocess.run([_need("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run([_need("pdfinfo"), str(pdf)], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@dataclass(frozen=True)
class FontRow:
    name: str
    embedded: bool


def pdf_fonts(pdf: Path) -> list[FontRow]:
    out = subprocess.run([_need("pdffonts"), str(pdf)], capture_output=True, check=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        # name type... encoding emb sub uni objnum gen: emb is 5th from the right
        rows.append(FontRow(cols[0], cols[-5] == "yes"))
    return rows


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageBox:
    width: float
    height: float


def pdf_words(pdf: Path) -> tuple[list[PageBox], list[Word]]:
    out = subprocess.run([_need("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, check=True).stdout.decode()
    pages: list[PageBox] = []
    words: list[Word] = []
    page_re = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
    word_re = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    for line in out.splitlines():
        m = page_re.search(line)
        if m:
            pages.append(PageBox(float(m.group(1)), float(m.group(2))))
            continue
        m = word_re.search(line)
        if m:
            words.append(Word(len(pages), unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4))))
    return pages, words


def render_png(pdf: Path, out_dir: Path, *, dpi: int = 40) -> list[Path]:
    prefix = out_dir / pdf.stem
    subprocess.run([_need("pdftoppm"), "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(pdf.stem + "-*.png"))


def ink_fraction(png: Path) -> float:
    """Share of pixels that are not white: 0 for a blank page."""
    from PIL import Image

    with Image.open(png) as img:
        grey = img.convert("L")
        hist = grey.histogram()
    total = sum(hist)
    return 1 - sum(hist[245:]) / total


def column_text(pdf: Path, *, split_x: float | None = None) -> list[str]:
    """Each page's text read as a two-column sheet is: the left column top to bottom, then the right.

    Words whose vertical centres are within 3 points form one line (a row's
    label and its points), white space folded.  `split_x` (points from the
    left edge) defaults to the middle of the A4 frame of ocop-desk's layout.
    """
    from ocop_desk.printing import layout

    pages, words = pdf_words(pdf)
    out = []
    for number, box in enumerate(pages, 1):
        split = split_x if split_x is not None else layout.MARGIN_LEFT + (
            box.width - layout.MARGIN_LEFT - layout.MARGIN_RIGHT) / 2
        texts = []
        for side in (0, 1):
            mine = sorted((w for w in words if w.page == number and ((w.x0 + w.x1) / 2 >= split) == bool(side)),
                          key=lambda w: ((w.y0 + w.y1) / 2, w.x0))
            lines: list[list[Word]] = []
            for w in mine:
                centre = (w.y0 + w.y1) / 2
                if lines and abs(centre - (lines[-1][0].y0 + lines[-1][0].y1) / 2) <= 3:
                    lines[-1].append(w)
                else:
                    lines.append([w])
            texts.append(" ".join(" ".join(x.text for x in sorted(line, key=lambda w: w.x0)) for line in lines))
        out.append(" ".join(texts))
    return out


def reads(text: str, phrase: str) -> bool:
    """`phrase` in `text`, its words in order, allowing a table row's points ("15", "(10)", "2/5", "—")
    between the lines of a wrapped label: the points are centred beside the label's lines."""
    between = r"(?:\s+(?:\d+|\(\d+\)|\d+/\d+|—))*\s+"
    return re.search(between.join(re.escape(w) for w in phrase.split()), text) is not None


def pdf_image_pages(pdf: Path) -> list[int]:
    """The page of every image drawn (soft masks not counted), from `pdfimages -list`."""
    out = subprocess.run([_need("pdfimages"), "-list", str(pdf)], capture_output=True, check=True).stdout.decode()
    return [int(line.split()[0]) for line in out.splitlines()[2:] if line.split()[2] == "image"]
