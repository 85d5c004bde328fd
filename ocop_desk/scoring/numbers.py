"""Reading points from JSON or a workbook cell into an exact Decimal.

JSON is parsed with `parse_float=Decimal`, so its numbers arrive as int or
Decimal.  A workbook cell arrives as int, float or text; a float is read
through its shortest repr (`Decimal(str(2.5))`), never its binary value, so
0.1 stays 0.1.  Text is accepted only when it is a bare decimal number
("5", "2.5"): "5 điểm" is an error, not a 5.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def as_decimal(value: Any) -> Decimal | None:
    """The exact number `value` holds, or None when it is not a finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        if not _PLAIN_NUMBER.fullmatch(text):
            return None
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            return None
    return None


def as_int(value: Any) -> int | None:
    """A whole number (a star, a count, decimal places), or None."""
    number = as_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)
