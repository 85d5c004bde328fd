"""Double entry on the scoring screen: a paper sheet keyed twice, the second keying held here until the two are
compared (it is never saved; the first keying is what the store has)."""

from __future__ import annotations

from typing import Iterable, Sequence

from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CriteriaSet, split_choice
from ocop_desk.scoring.double_entry import Mismatch, compare_keyings
from ocop_desk.ui.format import points_text

SheetKey = tuple[str, str]  # (product code, member code)


class DoubleEntry:
    def __init__(self) -> None:
        self.second: dict[str, str] | None = None  # the second keying of the sheet on screen, while it lasts
        self.mismatches: tuple[Mismatch, ...] = ()
        self.verified: set[SheetKey] = set()

    def drop(self) -> None:
        """Forget the sheet's second keying and its differences (another sheet, or double entry turned off)."""
        self.second = None
        self.mismatches = ()

    def due(self, key: SheetKey, first_complete: bool) -> bool:
        return first_complete and key not in self.verified and self.second is None and not self.mismatches

    def key(self, criterion_id: str, option_id: str | None) -> None:
        assert self.second is not None
        if option_id is None:
            self.second.pop(criterion_id, None)
        else:
            self.second[criterion_id] = option_id

    def compare(self, key: SheetKey, order: Iterable[str], first: dict[str, str]) -> None:
        """Compare the second keying with `first` over the rows in `order`; agreeing, the sheet is verified."""
        assert self.second is not None
        second, self.second = self.second, None
        self.mismatches = compare_keyings(list(order), first, second)
        if not self.mismatches:
            self.verified.add(key)

    def corrected(self, key: SheetKey, criterion_id: str) -> None:
        """The first keying of `criterion_id` was set again: its difference is settled, the last one verifies."""
        resolving = bool(self.mismatches)
        self.mismatches = tuple(m for m in self.mismatches if m.criterion_id != criterion_id)
        if resolving and not self.mismatches:
            self.verified.add(key)


def mismatch_report(cs: CriteriaSet, mismatches: Sequence[Mismatch]) -> str:
    lines = [_("The two keyings differ on {n} criteria:").format(n=len(mismatches))]
    lines += [mismatch_text(cs, m) for m in mismatches]
    return "\n".join(lines)


def mismatch_text(cs: CriteriaSet, m: Mismatch) -> str:
    crit = cs.criterion(m.criterion_id)
    section = cs.section(m.criterion_id) if crit is None else None

    def label(value: str | None) -> str:
        if value is None:
            return _("(none)")
        if section is not None:
            case = section.case(value)
            return case.title if case else value
        names = []
        for oid in split_choice(value) if crit is not None and crit.kind == "checklist" else (value,):
            opt = crit.option(oid) if crit else None
            names.append(f"{opt.label} ({points_text(opt.points)})" if opt else oid)
        return " + ".join(names)

    title = crit.title if crit else (section.title if section else m.criterion_id)
    return _("{criterion}: first keying {first}, second keying {second}").format(
        criterion=title, first=label(m.first), second=label(m.second))
