"""How numbers look on screen (points, means); no arithmetic here."""

from __future__ import annotations

from decimal import Decimal

from ocop_desk.words import decimal_text


def points_text(value: Decimal | int | None) -> str:
    """Whole points without decimals (5), others as they are (2.5); Vietnamese shows a comma."""
    if value is None:
        return "—"
    d = Decimal(value)
    return decimal_text(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize())


def mean_text(value: Decimal | None) -> str:
    return decimal_text(value)


def stars_text(star: int | None) -> str:
    return "—" if not star else "★" * star + "☆" * (5 - star)
