"""How numbers look on screen (points, means); no arithmetic here."""

from __future__ import annotations

from decimal import Decimal


def points_text(value: Decimal | int | None) -> str:
    """Whole points without decimals (5), others as they are (2.5); Vietnamese shows a comma."""
    from ocop_desk.i18n import language

    if value is None:
        return "—"
    d = Decimal(value)
    text = format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize(), "f")
    return text.replace(".", ",") if language() == "vi" else text


def mean_text(value: Decimal | None) -> str:
    from ocop_desk.i18n import language

    if value is None:
        return "—"
    text = format(value, "f")
    return text.replace(".", ",") if language() == "vi" else text


def stars_text(star: int | None) -> str:
    return "—" if not star else "★" * star + "☆" * (5 - star)
