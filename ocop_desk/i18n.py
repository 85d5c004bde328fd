"""User-visible text, Vietnamese by default, English on request.

Message ids in code are English (`_("Session closed")`); the Vietnamese
catalogue is kept as several `.po` files under `resources/locale/vi/` (one
per area, so that areas are edited independently) and compiled into one
`ocop_desk/locale/vi/LC_MESSAGES/ocop_desk.mo` by `python -m tools.i18n`.
The language is chosen by `--lang`, `OCOP_DESK_LANG`, or the GUI setting.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "ocop_desk"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(lang: str | None = None) -> str:
    """Switch the process-wide language; returns the language in force."""
    global _current, _language
    lang = (lang or os.environ.get("OCOP_DESK_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    if lang == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    _language = lang
    return lang


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction without translating it yet."""
    return message


set_language()
