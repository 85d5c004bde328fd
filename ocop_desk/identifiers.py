"""The one boundary rule for identifiers and names that arrive from outside.

Ids (council, member, session, product and admin-unit codes) are refused
rather than repaired: an id is compared, joined and sometimes used in a file
name, so a quietly changed id would point at another thing.  An id may not
start or end with blanks, hold a path separator or `..`, or hold a control,
bidi-override or other invisible format character.  Names are for people:
control and format characters are replaced by a blank and blank runs folded,
so that a name can be printed and written to a workbook.  Both must fit the
column that stores them; PostgreSQL refuses a longer `VARCHAR(n)` where
SQLite would keep it, so the limits are the model's column lengths, checked
here in characters as PostgreSQL counts them.

`child_path` is the same rule for output files: a name built from stored data
is made of id-safe parts and must land inside the folder it was given.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ocop_desk.errors import ImportRefused, OcopError
from ocop_desk.i18n import _

# Column lengths of ocop_desk/store/models.py (a test keeps the two equal).
ID_LENGTHS: dict[str, int] = {
    "council": 60, "member": 60, "session": 60, "product": 40, "admin_unit": 16,
    "criterion": 40, "option": 40, "knockout": 40, "group": 60, "criteria_set": 120, "profile": 60,
}
NAME_LENGTHS: dict[str, int] = {
    "council": 300, "member": 200, "product": 300, "producer": 300, "commune": 200, "place": 300,
    "address": 500, "phone": 40, "reason": 500, "knockout_reason": 1000, "file": 500, "kind": 60,
    "actor": 120,
}

_SEPARATORS = ("/", "\\")
# Bidi embeddings/overrides/isolates and marks are format characters (Cf); lone surrogates
# cannot be stored as UTF-8; line and paragraph separators break a line like a newline.
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
_BLANKS = re.compile(r"\s+")
_FILE_UNSAFE = re.compile(r'[:*?"<>|]|^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$', re.IGNORECASE)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _INVISIBLE


def id_problem(value: object, kind: str) -> str | None:
    """Why `value` cannot be an id of this kind, or None when it can."""
    problem = _shape_problem(value)
    if problem is not None:
        return problem
    limit = ID_LENGTHS[kind]
    if len(value) > limit:  # type: ignore[arg-type]
        return _("longer than {n} characters").format(n=limit)
    return None


def _shape_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return _("must be text")
    if not value:
        return _("must not be empty")
    if value != value.strip():
        return _("must not start or end with a blank")
    bad = next((ch for ch in value if _invisible(ch)), None)
    if bad is not None:
        return _("holds an invisible or control character (U+{code:04X})").format(code=ord(bad))
    if any(sep in value for sep in _SEPARATORS) or ".." in value:
        return _("must not hold '/', '\\' or '..'")
    return None


def check_id(value: object, kind: str, *, file: str | None = None, place: str | None = None,
             error: type[OcopError] = ImportRefused) -> str:
    """`value` when it is a valid id of `kind`; otherwise `error` naming the file and place."""
    problem = id_problem(value, kind)
    if problem is not None:
        raise error(problem, file=file, place=place or kind)
    return value  # type: ignore[return-value]


def clean_name(value: str) -> str:
    """Control and format characters become blanks; blank runs fold to one; ends trimmed."""
    text = "".join(" " if _invisible(ch) else ch for ch in value)
    return _BLANKS.sub(" ", text).strip()


def name_problem(value: object, kind: str, *, required: bool = True) -> tuple[str, str | None]:
    """(cleaned name, why it cannot be stored or None)."""
    if value is None and not required:
        return "", None
    if not isinstance(value, str):
        return "", _("must be text")
    text = clean_name(value)
    if required and not text:
        return "", _("must be non-empty text")
    limit = NAME_LENGTHS[kind]
    if len(text) > limit:
        return text, _("longer than {n} characters").format(n=limit)
    return text, None


def check_name(value: object, kind: str, *, required: bool = True, file: str | None = None,
               place: str | None = None, error: type[OcopError] = ImportRefused) -> str:
    text, problem = name_problem(value, kind, required=required)
    if problem is not None:
        raise error(problem, file=file, place=place or kind)
    return text


def child_path(folder: Path | str, *parts: str, suffix: str) -> Path:
    """`folder/<part>-<part>...<suffix>`, refused unless every part is id-safe and it stays inside."""
    folder = Path(folder)
    for part in parts:
        if _shape_problem(part) is not None or part.startswith(".") or _FILE_UNSAFE.search(part):
            raise OcopError(_("'{name}' cannot be part of a file name").format(name=clean_name(str(part))),
                            file=str(folder))
    path = folder / ("-".join(parts) + suffix)
    if path.resolve().parent != folder.resolve():
        raise OcopError(_("the file would be written outside the folder"), file=str(path))
    return path
