"""The QR code printed on filled sheets and minutes, from reportlab's own encoder.

reportlab's QR widget builds one shape object per dark run and tries all
eight mask patterns, twice (bounds, then drawing): about 45 ms a code, which
alone would be most of a 1,800-sheet print.  Here the encoder runs once with
a fixed mask pattern (the standard allows any of the eight; the choice only
tunes contrast, and every reader decodes the mask the code announces) and
the modules are placed as one small image.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from PIL import Image
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ocop_desk.printing.layout import PageCounter

_MASK = 2  # vertical stripes: no accidental finder-like blocks in short hex payloads
_QUIET = 4  # modules of white border the standard asks for


def qr_modules(value: str, level: str = "M") -> list[list[bool]]:
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(value)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, _MASK)
    return [[bool(m) for m in row] for row in qr.modules]


class QrFlowable(Flowable):
    def __init__(self, value: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.value = value
        self.size = size
        self.width = self.height = size
        self.level = level

    @cached_property
    def modules(self) -> list[list[bool]]:
        """Encoded when first drawn: counting a job's pages (`layout.counting_pages`) never needs it."""
        return qr_modules(self.value, self.level)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def image(self) -> Any:
        """The code as a 1-pixel-per-module greyscale image, quiet zone included."""
        n = len(self.modules)
        side = n + 2 * _QUIET
        pixels = bytearray(b"\xff" * side * side)
        for r, row in enumerate(self.modules):
            base = (r + _QUIET) * side + _QUIET
            for c, dark in enumerate(row):
                if dark:
                    pixels[base + c] = 0
        return Image.frombytes("L", (side, side), bytes(pixels))

    def draw(self) -> None:
        # One small image instead of hundreds of rectangles; PDF images are not
        # interpolated by default, so the modules stay sharp at any zoom.
        from reportlab.lib.utils import ImageReader

        if isinstance(self.canv, PageCounter):
            return

        self.canv.drawImage(ImageReader(self.image()), 0, 0, self.size, self.size)


class QrWithCaption(Flowable):
    def __init__(self, qr: QrFlowable, caption: Flowable) -> None:
        super().__init__()
        self.qr = qr
        self.caption = caption

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._cw, self._ch = self.caption.wrap(availWidth - self.qr.size - 6 * mm, availHeight)
        self.width, self.height = availWidth, max(self.qr.size, self._ch)
        return self.width, self.height

    def draw(self) -> None:
        self.qr.drawOn(self.canv, 0, (self.height - self.qr.size) / 2)
        self.caption.drawOn(self.canv, self.qr.size + 6 * mm, (self.height - self._ch) / 2)
