"""Python's own error texts, put into sentences for the person reading them.

Services raise `OcopError`s that name the file and the place, but some carry the
text of the exception underneath (`No such file or directory`, `Expecting ','
delimiter`, `File is not a zip file`), which is English and means little to a
district secretary.  `explained(exc)` swaps that text for a sentence in the
user's language and, for a file that does not exist, makes the error a
`NotFound` (exit code 6, as docs/cli.md says) whichever service raised it.
The CLI applies it to every error it prints; the GUI can do the same.
"""

from __future__ import annotations

import errno
import json
import zipfile

from ocop_desk.errors import NotFound, OcopError
from ocop_desk.i18n import N_, _

# json's messages (json/decoder.py and its C scanner), without their position: the place says where
JSON_REASONS = {
    "Expecting value": N_("a value is missing (or a word is not quoted)"),
    "Expecting property name enclosed in double quotes": N_("a name in double quotes is expected here"),
    "Expecting ':' delimiter": N_("a ':' is missing after a name"),
    "Expecting ',' delimiter": N_("a ',' is missing between two items"),
    "Unterminated string starting at": N_("a text in quotes is not closed"),
    "Invalid control character at": N_("a line break or tab inside a text in quotes"),
    "Invalid \\escape": N_("a backslash that starts no valid escape"),
    "Invalid \\uXXXX escape": N_("a \\u escape without four hexadecimal digits"),
    "Extra data": N_("more text after the end of the data"),
    "Illegal trailing comma before end of object": N_("a ',' right before a closing brace"),
    "Illegal trailing comma before end of array": N_("a ',' right before a closing bracket"),
}

OS_REASONS = {
    errno.ENOENT: N_("the file does not exist"),
    errno.EACCES: N_("no permission to read or write it"),
    errno.EPERM: N_("no permission to read or write it"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
}


def _reason(cause: BaseException) -> tuple[list[str], str] | None:
    """(the raw texts that may appear in the message, the sentence to show instead)."""
    if isinstance(cause, json.JSONDecodeError):
        sentence = JSON_REASONS.get(cause.msg)
        return ([cause.msg, str(cause)], _(sentence)) if sentence else None
    if isinstance(cause, OSError) and cause.errno in OS_REASONS:
        return ([t for t in (str(cause), cause.strerror) if t], _(OS_REASONS[cause.errno]))
    if isinstance(cause, zipfile.BadZipFile):
        return [str(cause)], _("it is not a zip archive (a damaged or wrong file)")
    return None


def explained(exc: OcopError) -> OcopError:
    """`exc` with the exception text underneath it turned into a sentence; itself when there is none."""
    cause = exc.__cause__
    if cause is None:
        return exc
    found = _reason(cause)
    if found is None:
        return exc
    raws, sentence = found
    message = exc.message
    for raw in sorted(raws, key=len, reverse=True):
        if raw and raw in message:
            message = message.replace(raw, sentence)
            break
    else:
        message = f"{message} ({sentence})"
    if isinstance(cause, FileNotFoundError):
        file = exc.file or (str(cause.filename) if cause.filename else None)
        return NotFound(sentence, file=file, place=exc.place, problems=exc.problems)
    exc.message = message
    exc.args = (exc.one_line(),)
    return exc
