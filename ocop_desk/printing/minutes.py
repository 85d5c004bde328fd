"""Minutes of the council meeting (biên bản họp Hội đồng) and the recognition list, as PDF.

The words are `meeting_papers.minutes_text` / `recognition_text`, shared with
the Word files; the layout is `printing/office.py`.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from ocop_desk.printing.meeting_papers import (Attendee, MinutesData, ResultLine, minutes_text,  # noqa: F401
                                      recognition_text)
from ocop_desk.printing.office import write_paper


def write_minutes(out: str | os.PathLike[str] | BinaryIO, data: MinutesData) -> int:
    return write_paper(out, minutes_text(data))


def write_recognition_list(out: str | os.PathLike[str] | BinaryIO, data: MinutesData) -> int:
    return write_paper(out, recognition_text(data))
