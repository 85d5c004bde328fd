"""The fonts every PDF is set in: Noto Serif, shipped in `resources/fonts/`.

reportlab's built-in Type 1 fonts have no Vietnamese glyphs and are not
embedded, so every document registers these TrueType files, which reportlab
subsets and embeds.  Noto Serif is under the SIL Open Font License 1.1
(`resources/fonts/OFL.txt`); serif because Vietnamese administrative
documents are set in a serif face.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ocop_desk.errors import StoreError
from ocop_desk.i18n import _
from ocop_desk.paths import resources_dir

FAMILY = "OcopSerif"


@dataclass(frozen=True)
class FontNames:
    regular: str = FAMILY
    bold: str = FAMILY + "-Bold"
    italic: str = FAMILY + "-Italic"


FONTS = FontNames()
_FILES = {
    FONTS.regular: "NotoSerif-Regular.ttf",
    FONTS.bold: "NotoSerif-Bold.ttf",
    FONTS.italic: "NotoSerif-Italic.ttf",
}
_lock = Lock()
_registered = False


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_files() -> dict[str, Path]:
    root = fonts_dir()
    return {name: root / filename for name, filename in _FILES.items()}


def register_fonts() -> FontNames:
    """Register the family with reportlab once per process; safe from any thread."""
    global _registered
    if _registered:
        return FONTS
    with _lock:
        if _registered:
            return FONTS
        for name, path in font_files().items():
            if not path.is_file():
                raise StoreError(_("font file missing; reinstall the application"), file=str(path))
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(FAMILY, 0, 0, FONTS.regular)
        addMapping(FAMILY, 1, 0, FONTS.bold)
        addMapping(FAMILY, 0, 1, FONTS.italic)
        addMapping(FAMILY, 1, 1, FONTS.bold)  # no bold italic shipped: bold reads better than a fake
        # Graphics (QR codes, charts) start every drawing in this font; left at
        # Helvetica it would put an unembedded font into the PDF.
        from reportlab.graphics.shapes import STATE_DEFAULTS

        STATE_DEFAULTS["fontName"] = FONTS.regular
        # Binary (Flate only) content streams: every PDF reader takes them, and
        # ASCII85 on top makes a 1,800-sheet file a quarter larger and slower.
        from reportlab import rl_config

        rl_config.useA85 = 0
        _registered = True
    return FONTS
