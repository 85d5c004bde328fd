"""A ruled table drawn straight onto the canvas, split across pages with its header repeated.

platypus `Table` with a flowable per cell costs a canvas transform per cell
and re-measures every remaining row at each page split; a 1,800-sheet print
spends most of its time there.  Score sheets and summaries only need rows of
wrapped text, tick boxes, shading and spans, so this grid lays out each row
once (line breaking is cached, see `text.split_lines`) and draws text, rules
and fills in a few batched operations.  Widths are fixed by the caller, so
nothing can push a cell past the frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from ocop_desk.printing.layout import PageCounter, Shade
from ocop_desk.printing.text import split_lines, text_width

PAD_X = 3.0
PAD_Y = 2.2
BOX = 8.5
LEADING = 1.22  # line height as a multiple of the type size


@dataclass(frozen=True)
class GridCell:
    text: str = ""
    font: str = ""
    size: float = 9.5
    align: str = "left"  # left | center | right
    indent: float = 0.0
    span: int = 1
    box: bool | None = None  # None: no tick box; False: empty box; True: ticked
    own: bool = False  # one sheet's own value (a subtotal): drawn apart from what every sheet shares


@dataclass(frozen=True)
class GridRow:
    cells: tuple[GridCell, ...]
    shade: Any = None  # a reportlab colour or None
    keep_next: bool = False  # a heading: never the last row of a column or page


@dataclass(frozen=True)
class _Laid:
    row: GridRow
    lines: tuple[tuple[str, ...], ...]
    xs: tuple[float, ...]  # left edge of each cell
    ws: tuple[float, ...]  # width of each cell
    height: float


_LAID: dict[tuple[Any, ...], "_Laid"] = {}
_LAID_BY_ID: dict[int, tuple[GridRow, tuple[Any, ...], _Laid]] = {}
_LAID_KEPT = 50_000  # rows remembered across documents; the cache starts over beyond


class Grid(Flowable):
    def __init__(self, col_widths: Sequence[float], rows: Sequence[GridRow],
                 header: Sequence[GridRow] = (), line_color: Any = Shade("#333333"),
                 *, rules: bool = True, pad_y: float = PAD_Y, pad_x: float = PAD_X, box: float = BOX,
                 leading: float = LEADING, _laid: tuple[list[_Laid], list[_Laid]] | None = None) -> None:
        super().__init__()
        self.col_widths = tuple(col_widths)
        self.width = sum(self.col_widths)
        self.line_color = line_color
        self.rules = rules
        self.pad_y = pad_y
        self.pad_x = pad_x
        self.box = box
        self.leading = leading
        if _laid is None:
            lay = self._lay_cached
            self._head = [lay(r) for r in header]
            self._body = [lay(r) for r in rows]
        else:
            self._head, self._body = _laid
        self.height = sum(r.height for r in self._head) + sum(r.height for r in self._body)

    def _lay_cached(self, row: GridRow) -> _Laid:
        """`_lay`, once per distinct row and grid geometry: a print of many sheets of one criteria set
        lays out the same labels again and again."""
        geometry = (self.col_widths, self.pad_x, self.pad_y, self.box, self.leading)
        same = _LAID_BY_ID.get(id(row))  # the very row object again (rows a sheet builder caches)
        if same is not None and same[0] is row and same[1] == geometry:
            return same[2]
        key = (row, geometry)
        laid = _LAID.get(key)
        if laid is None:
            if len(_LAID) >= _LAID_KEPT:
                _LAID.clear()
                _LAID_BY_ID.clear()
            laid = _LAID[key] = self._lay(row)
        if len(_LAID_BY_ID) >= _LAID_KEPT:
            _LAID_BY_ID.clear()
        _LAID_BY_ID[id(row)] = (row, geometry, laid)  # holding `row` keeps its id from being reused
        return laid

    def _lay(self, row: GridRow) -> _Laid:
        xs, ws, lines = [], [], []
        x, col = 0.0, 0
        height = 0.0
        for c in row.cells:
            w = sum(self.col_widths[col:col + c.span])
            xs.append(x)
            ws.append(w)
            x += w
            col += c.span
            if c.box is not None:
                ls: tuple[str, ...] = ()
                h = self.box
            else:
                room = max(w - 2 * self.pad_x - c.indent, c.size)
                ls = split_lines(c.text, c.font, c.size, room) if c.text else ()
                h = len(ls) * c.size * self.leading
            lines.append(ls)
            height = max(height, h)
        if col != len(self.col_widths):
            raise ValueError(f"row spans {col} columns, grid has {len(self.col_widths)}")
        return _Laid(row, tuple(lines), tuple(xs), tuple(ws), max(height, self.box) + 2 * self.pad_y)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        room = availHeight - sum(r.height for r in self._head)
        used, k = 0.0, 0
        for laid in self._body:
            if used + laid.height > room:
                break
            used += laid.height
            k += 1
        if k == 0 or k == len(self._body):
            return []
        return [self.part(self._body[:k]), self.part(self._body[k:])]

    def part(self, body: list[_Laid]) -> "Grid":
        """A grid of some of this grid's laid-out rows, under the same header."""
        return Grid(self.col_widths, (), line_color=self.line_color, rules=self.rules, pad_y=self.pad_y,
                    pad_x=self.pad_x, box=self.box, leading=self.leading, _laid=(self._head, body))

    def draw(self) -> None:
        canv = self.canv
        if isinstance(canv, PageCounter):
            return
        rows = self._head + self._body
        name = _reused_form(canv, self, rows)
        if name is None:
            self._draw_static(canv, rows)
        else:
            canv.doForm(name)
        self._draw_dynamic(canv, rows)

    def _text(self, text: Any, c: GridCell, ls: tuple[str, ...], x: float, w: float, bottom: float,
              height: float, font: tuple[str, float] | None) -> tuple[str, float]:
        """Lines `ls` of cell `c` into text object `text`; returns the font left set."""
        if (c.font, c.size) != font:
            text.setFont(c.font, c.size)
            font = (c.font, c.size)
        leading = c.size * self.leading
        text_h = len(ls) * leading
        ty = bottom + (height - text_h) / 2 + text_h - leading + 0.27 * c.size
        for line in ls:
            if c.align == "center":
                tx = x + (w - text_width(line, c.font, c.size)) / 2
            elif c.align == "right":
                tx = x + w - self.pad_x - text_width(line, c.font, c.size)
            else:
                tx = x + self.pad_x + c.indent
            text.setTextOrigin(tx, ty)
            text.textLine(line)  # no width bookkeeping: every line is placed absolutely
            ty -= leading
        return font

    def _draw_static(self, canv: Any, rows: list[_Laid]) -> None:
        """What a blank and a filled sheet share row for row: fills, the text of every cell but a sheet's
        own values, rules and empty tick boxes.  Drawn once per distinct table part (see `_reused_form`)."""
        y = self.height
        for laid in rows:
            if laid.row.shade is not None:
                canv.setFillColor(laid.row.shade)
                canv.rect(0, y - laid.height, self.width, laid.height, stroke=0, fill=1)
            y -= laid.height
        canv.setFillColor(colors.black)
        rules = canv.beginPath()
        boxes = canv.beginPath()
        # All the labels in one text object: one BT..ET block instead of one per string.
        text = canv.beginText()
        font = None
        verticals: dict[float, list[list[float]]] = {}
        y = self.height
        for laid in rows:
            bottom = y - laid.height
            for c, ls, x, w in zip(laid.row.cells, laid.lines, laid.xs, laid.ws):
                if c.box is not None:
                    size = self.box
                    boxes.rect(x + (w - size) / 2, bottom + (laid.height - size) / 2, size, size)
                elif ls and not c.own:
                    font = self._text(text, c, ls, x, w, bottom, laid.height, font)
            rules.moveTo(0, bottom)
            rules.lineTo(self.width, bottom)
            for x in laid.xs[1:]:
                runs = verticals.setdefault(x, [])
                if runs and runs[-1][1] == y:
                    runs[-1][1] = bottom  # one long rule down consecutive rows, not one per row
                else:
                    runs.append([y, bottom])
            y = bottom
        for x, runs in verticals.items():
            for top, low in runs:
                rules.moveTo(x, top)
                rules.lineTo(x, low)
        rules.moveTo(0, self.height)
        rules.lineTo(self.width, self.height)
        rules.moveTo(0, 0)
        rules.lineTo(0, self.height)
        rules.moveTo(self.width, 0)
        rules.lineTo(self.width, self.height)
        if self.rules:
            canv.setStrokeColor(self.line_color)
            canv.setLineWidth(0.5)
            canv.drawPath(rules, stroke=1, fill=0)
        canv.drawText(text)
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.7)
        canv.drawPath(boxes, stroke=1, fill=0)

    def _draw_dynamic(self, canv: Any, rows: list[_Laid]) -> None:
        """What one sheet adds: its own values (`GridCell.own`: points, subtotals) and the ticks."""
        canv.setFillColor(colors.black)
        ticks = canv.beginPath()
        text = canv.beginText()
        font = None
        any_tick = False
        y = self.height
        for laid in rows:
            bottom = y - laid.height
            for c, ls, x, w in zip(laid.row.cells, laid.lines, laid.xs, laid.ws):
                if c.box:
                    size = self.box
                    bx, by = x + (w - size) / 2, bottom + (laid.height - size) / 2
                    ticks.moveTo(bx + size * 0.18, by + size * 0.52)
                    ticks.lineTo(bx + size * 0.42, by + size * 0.22)
                    ticks.lineTo(bx + size * 0.86, by + size * 0.86)
                    any_tick = True
                elif ls and c.own:
                    font = self._text(text, c, ls, x, w, bottom, laid.height, font)
            y = bottom
        if font is not None:
            canv.drawText(text)
        if any_tick:
            canv.setStrokeColor(colors.black)
            canv.setLineWidth(1.3)
            canv.drawPath(ticks, stroke=1, fill=0)


_BOXED = GridCell(box=False)  # a tick box in a form's key: ticked or not, its outline is the same
_FORMS_KEPT = 4096  # distinct table parts remembered per document


def _reused_form(canv: Any, grid: Grid, rows: list[_Laid]) -> str | None:
    """The name of a PDF form (XObject) holding `grid`'s static drawing, once the same table part is
    drawn a second time in this document; None to draw it inline.

    1,800 filled sheets of a few dozen criteria sets repeat the same labels, rules and boxes page after
    page: drawn once as a form and placed by name, the PDF holds them once and writing them costs
    nothing more.  The key is the drawing itself (every row's label, geometry and shading), so two parts
    share a form only when they look the same; the first sighting is drawn inline, since most parts of
    a sheet scored with stops and cases are never repeated."""
    key = (grid.col_widths, grid.rules, grid.pad_x, grid.box, grid.leading, grid.line_color,
           tuple((laid.height, laid.row.shade,
                  tuple(_BOXED if c.box is not None else None if c.own else c for c in laid.row.cells))
                 for laid in rows))
    forms: dict[Any, str | None] = canv.__dict__.setdefault("_ocop_grid_forms", {})
    if key not in forms:
        if len(forms) >= _FORMS_KEPT:
            forms.pop(next(iter(forms)))
        forms[key] = None
        return None
    name = forms[key]
    if name is None:
        count = canv.__dict__.get("_ocop_grid_form_count", 0) + 1
        canv.__dict__["_ocop_grid_form_count"] = count
        name = f"ocopGrid{count}"
        canv.beginForm(name, 0, 0, grid.width, grid.height)
        grid._draw_static(canv, rows)
        canv.endForm()
        forms[key] = name
    return name


class ColumnFlow(Flowable):
    """A grid poured into two columns side by side, left column first, its header atop each column.

    Filled and blank score sheets run to a hundred rows of short text; two
    columns of a narrower grid keep a sheet to two or three pages.  Each page
    fills the left column, then the right; the last page balances the two.  A
    row marked `keep_next` (a heading) never ends a column.
    """

    def __init__(self, grid: Grid, gap: float, *, _body: list[_Laid] | None = None,
                 _break: int | None = None, _height: float | None = None) -> None:
        super().__init__()
        self.grid = grid
        self.gap = gap
        self.body = list(grid._body) if _body is None else _body
        self._break = _break
        self.width = 2 * grid.width + gap
        self.head_h = sum(r.height for r in grid._head)
        self._prefix = [0.0]
        for laid in self.body:
            self._prefix.append(self._prefix[-1] + laid.height)
        self.height = self.head_h + self._columns_height(_break if _break is not None else self._balanced())
        if _height is not None:
            self.height = max(self.height, _height)  # a page's part takes the page: the rest starts anew

    def _can_end(self, k: int) -> bool:
        """May a column end after row k-1?"""
        return k >= len(self.body) or k == 0 or not self.body[k - 1].row.keep_next

    def _columns_height(self, k: int) -> float:
        total = self._prefix[-1]
        return max(self._prefix[k], total - self._prefix[k])

    def _balanced(self) -> int:
        best, best_h = len(self.body), self._prefix[-1]
        for k in range(1, len(self.body)):
            if not self._can_end(k):
                continue
            h = self._columns_height(k)
            if h < best_h:
                best, best_h = k, h
        return best

    def _fill(self, start: int, room: float) -> int:
        """The end of a column that starts at row `start` and has `room` points."""
        k = start
        while k < len(self.body) and self._prefix[k + 1] - self._prefix[start] <= room:
            k += 1
        greedy = k
        while start < k < len(self.body) and not self._can_end(k):
            k -= 1
        return greedy if k == start else k

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        room = availHeight - self.head_h
        k1 = self._fill(0, room)
        if k1 == 0:
            return []
        k2 = self._fill(k1, room)
        if k2 >= len(self.body):
            return [ColumnFlow(self.grid, self.gap, _body=self.body, _break=k1)]
        return [ColumnFlow(self.grid, self.gap, _body=self.body[:k2], _break=k1, _height=availHeight),
                ColumnFlow(self.grid, self.gap, _body=self.body[k2:])]

    def draw(self) -> None:
        k = self._break if self._break is not None else self._balanced()
        for x, rows in ((0.0, self.body[:k]), (self.grid.width + self.gap, self.body[k:])):
            if not rows:
                continue
            part = self.grid.part(rows)
            part.drawOn(self.canv, x, self.height - part.height)
