"""From a mean to a star: the one place where that mapping happens.

The band is applied to the mean *as printed* (rounded half-up to the
profile's places), never to the exact mean, so a sheet showing 50.00 can
never carry 2 stars because the exact value was 49.995.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable

from ocop_desk.scoring.profiles import Profile


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_mean(value: Decimal, places: int) -> Decimal:
    """`value` rounded half-up to `places` decimals (49.995 -> 50.00)."""
    return value.quantize(_quantum(places), rounding=ROUND_HALF_UP)


def mean_of(values: Iterable[Decimal], places: int) -> Decimal:
    """The exact mean of `values`, rounded half-up once.

    Dividing in Decimal first would round at the context precision and then
    again at `places`; with Fraction the only rounding is the one printed.
    """
    items = list(values)
    if not items:
        raise ValueError("mean of no values")
    exact = sum((Fraction(v) for v in items), Fraction(0)) / len(items)
    scaled = exact * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    # Half-up on the magnitude, as Decimal's ROUND_HALF_UP does.
    if scaled >= 0:
        rounded = whole + (1 if 2 * rest >= scaled.denominator else 0)
    else:
        magnitude = -scaled
        m_whole, m_rest = divmod(magnitude.numerator, magnitude.denominator)
        rounded = -(m_whole + (1 if 2 * m_rest >= magnitude.denominator else 0))
    return Decimal(rounded).scaleb(-places).quantize(_quantum(places))


def star_for_mean(rounded_mean: Decimal, profile: Profile) -> int:
    """The star whose band holds `rounded_mean` (the highest band it reaches)."""
    star: int | None = None
    for band in sorted(profile.star_bands, key=lambda b: b.min):
        if rounded_mean >= band.min:
            star = band.star
        else:
            break
    if star is None:
        raise ValueError(f"mean {rounded_mean} is below every star band of profile {profile.id}")
    return star
