"""From a mean to a star: the one place where that mapping happens.

The band is applied to the mean *as printed* (rounded half-up to the
profile's places), never to the exact mean, so a sheet showing 50.00 can
never carry 2 stars because the exact value was 49.995.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext
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
    again at `places`; here the sum is exact and the division is done on
    integers, so the only rounding is the one that is printed.
    """
    items = list(values)
    if not items:
        raise ValueError("mean of no values")
    with localcontext() as ctx:
        ctx.prec = 200
        ctx.traps[Inexact] = True
        scaled = sum(items, Decimal(0)).scaleb(places)
    sign, digits, exponent = scaled.as_tuple()
    coefficient = int("".join(map(str, digits)) or "0")
    assert isinstance(exponent, int)
    if exponent >= 0:
        numerator, denominator = coefficient * 10**exponent, len(items)
    else:
        numerator, denominator = coefficient, len(items) * 10**-exponent
    whole, rest = divmod(numerator, denominator)
    # Half-up on the magnitude, as Decimal's ROUND_HALF_UP does.
    if 2 * rest >= denominator:
        whole += 1
    return Decimal((sign, tuple(int(d) for d in str(whole)), -places))


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
