"""How numbers look on screen (points, means): `words.py` writes them, as on paper and in the CLI."""

from __future__ import annotations

from decimal import Decimal

from ocop_desk.words import decimal_text, points_text

__all__ = ["mean_text", "points_text", "stars_text"]


def mean_text(value: Decimal | None) -> str:
    return decimal_text(value)


def stars_text(star: int | None) -> str:
    return "—" if not star else "★" * star + "☆" * (5 - star)
