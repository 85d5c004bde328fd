"""The one canonical serialisation of anything that is hashed or signed.

RFC 8785 (JSON Canonicalization Scheme): sorted keys, no insignificant white
space, UTF-8.  Its numbers are IEEE doubles, so exact decimals that are not
whole (scores such as 63.5) are carried as strings; whole numbers stay numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Mapping

import rfc8785


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def canonical_json(data: Any) -> bytes:
    return rfc8785.dumps(jsonable(data))


def _decimals_to_raw(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        # Points carry at most a few decimal places, well inside the 15
        # significant digits that a double's shortest repr gives back exactly.
        return float(value)
    if isinstance(value, Mapping):
        return {k: _decimals_to_raw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_decimals_to_raw(v) for v in value]
    return value


def dumps_pretty(data: Any, numbers: bool = True) -> str:
    """Human-facing JSON (CLI `--json`): UTF-8 text, diacritics kept as they are.

    With `numbers`, Decimals become JSON numbers written exactly; otherwise strings.
    """
    if numbers:
        return json.dumps(_decimals_to_raw(data), ensure_ascii=False, indent=2)
    return json.dumps(jsonable_strings(data), ensure_ascii=False, indent=2)


def jsonable_strings(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return {k: jsonable_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable_strings(v) for v in value]
    return value
