"""One member's scorecard: its total, its part subtotals, whether it is complete.

Choices are `Mapping[str, str]` (see `criteria.py`): a leaf criterion id ->
an option id (a checklist: ids joined with `+`), a case section id -> a case
id.  A scorecard counts only when complete: every case section has its case
and every *applicable* leaf its answer.  A leaf is not applicable when it
belongs to a case that was not chosen (or no case is chosen yet) or follows
a "stop" option in its section or case; its answer, if any, is ignored
(counts 0, never an error) so a mis-click then a correction loses nothing.

A checklist gives the sum of its ticked options, at most its `max`.

Choices naming a criterion or an option the set does not have are a
programming error upstream (the services validate input first), so they
raise ValueError rather than being skipped.

Sets without cases, checklists or stop options ("plain" sets, every @1 set)
take the fast path of a flat table: one dict look-up per choice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ocop_desk.scoring.criteria import CriteriaSet, Criterion, split_choice

_ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoringTable:
    """A criteria set flattened for bulk scoring.

    `criteria`: leaf criterion id -> (index of its part in `parts`, option id -> points).
    `refs`: every part, section, case and criterion id (parents too) -> the leaf ids it covers.
    `plain`: no case, checklist or stop option, so every leaf applies and a
    choice's points are one look-up.
    `leaves`: leaf id -> the criterion; `case_sections`: section id -> case id -> leaf ids.
    """

    parts: tuple[str, ...]
    criteria: Mapping[str, tuple[int, Mapping[str, Decimal]]]
    refs: Mapping[str, tuple[str, ...]]
    maxima: Mapping[str, Decimal]
    leaves: Mapping[str, Criterion]
    case_sections: Mapping[str, Mapping[str, tuple[str, ...]]]
    plain: bool = True
    knockout_options: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        """The number of leaves; for a plain set, the number of answers of a complete sheet."""
        return len(self.criteria)


_CACHE: "OrderedDict[int, tuple[CriteriaSet, ScoringTable]]" = OrderedDict()
_CACHE_SIZE = 64
# The GUI scores off its own thread while printing may run on another.
_CACHE_LOCK = threading.Lock()


def scoring_table(cs: CriteriaSet) -> ScoringTable:
    """The flattened table of `cs`, built once per set object."""
    key = id(cs)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        # The cache holds the set itself, so its id cannot be reused while cached.
        if hit is not None and hit[0] is cs:
            _CACHE.move_to_end(key)
            return hit[1]
    table = _build(cs)
    with _CACHE_LOCK:
        _CACHE[key] = (cs, table)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return table


def _build(cs: CriteriaSet) -> ScoringTable:
    points = cs.points_table()
    criteria: dict[str, tuple[int, Mapping[str, Decimal]]] = {}
    refs: dict[str, tuple[str, ...]] = {}
    maxima: dict[str, Decimal] = {}
    leaves: dict[str, Criterion] = {}
    case_sections: dict[str, dict[str, tuple[str, ...]]] = {}
    plain = True
    knockout_options: set[str] = set()
    for index, part in enumerate(cs.parts):
        part_leaves: list[str] = []
        for section in part.sections:
            if section.cases:
                plain = False
                case_sections[section.id] = {}
                for case in section.cases:
                    ids = tuple(leaf.id for leaf in case.leaves())
                    case_sections[section.id][case.id] = refs[case.id] = ids
                    maxima[case.id] = section.max
            for crit in section.all_criteria():
                for leaf in crit.leaves():
                    criteria[leaf.id] = (index, points[leaf.id])
                    refs[leaf.id] = (leaf.id,)
                    maxima[leaf.id] = leaf.max
                    leaves[leaf.id] = leaf
                    knockout_options.update(o.id for o in leaf.options
                                            if o.effect is not None and o.effect.kind == "knockout")
                    if leaf.kind != "single" or any(o.effect is not None and o.effect.kind == "stop"
                                                    for o in leaf.options):
                        plain = False
                if crit.subcriteria:
                    refs[crit.id] = tuple(leaf.id for leaf in crit.leaves())
                    maxima[crit.id] = crit.max
            section_leaves = tuple(leaf.id for leaf in section.leaves())
            refs[section.id] = section_leaves
            maxima[section.id] = section.max
            part_leaves.extend(section_leaves)
        refs[part.id] = tuple(part_leaves)
        maxima[part.id] = part.max
    return ScoringTable(parts=tuple(p.id for p in cs.parts), criteria=criteria, refs=refs, maxima=maxima,
                        plain=plain, leaves=leaves, case_sections=case_sections,
                        knockout_options=frozenset(knockout_options))


def _check_value(cs: CriteriaSet, crit: Criterion, options: Mapping[str, Decimal], value: str) -> None:
    if crit.kind != "checklist":
        if value not in options:
            raise ValueError(f"criterion {crit.id!r} of set {cs.id} has no option {value!r}")
        return
    ids = split_choice(value)
    for opt_id in ids:
        if opt_id not in options:
            raise ValueError(f"criterion {crit.id!r} of set {cs.id} has no option {opt_id!r} (in {value!r})")
    if len(set(ids)) != len(ids):
        raise ValueError(f"criterion {crit.id!r} of set {cs.id}: an option is ticked twice in {value!r}")
    none = crit.none_option
    if none is not None and none.id in ids and len(ids) > 1:
        raise ValueError(f"criterion {crit.id!r} of set {cs.id}: {none.id!r} (none) is ticked with others")


def check_choices(cs: CriteriaSet, choices: Mapping[str, str]) -> None:
    """ValueError naming the first choice that is not a leaf/option or case section/case of `cs`."""
    table = scoring_table(cs)
    crits = table.criteria
    for key, value in choices.items():
        entry = crits.get(key)
        if entry is None:
            cases = table.case_sections.get(key)
            if cases is None:
                raise ValueError(f"criteria set {cs.id} has no criterion {key!r}")
            if value not in cases:
                raise ValueError(f"section {key!r} of set {cs.id} has no case {value!r}")
            continue
        if table.plain:
            if value not in entry[1]:
                raise ValueError(f"criterion {key!r} of set {cs.id} has no option {value!r}")
        else:
            _check_value(cs, table.leaves[key], entry[1], value)


def _leaf_points(crit: Criterion, options: Mapping[str, Decimal], value: str) -> Decimal:
    if crit.kind == "checklist":
        return min(sum((options[o] for o in split_choice(value)), _ZERO), crit.max)
    return options[value]


def _stops(crit: Criterion, value: str) -> bool:
    for opt_id in split_choice(value) if crit.kind == "checklist" else (value,):
        opt = crit.option(opt_id)
        if opt is not None and opt.effect is not None and opt.effect.kind == "stop":
            return True
    return False


def applicable(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[str, ...]:
    """The leaf ids that must be answered, in sheet order, given the case and stop choices made so far."""
    check_choices(cs, choices)
    return _applicable(cs, choices)


def _applicable(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[str, ...]:
    return _scope(cs, choices)[0]


def stopped(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[str, ...]:
    """The leaf ids left unscored because a "stop" option was chosen before them in their section or case."""
    check_choices(cs, choices)
    return _scope(cs, choices)[1]


def _scope(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(leaves that apply, leaves cut off by a stop), both in sheet order; choices already checked."""
    table = scoring_table(cs)
    if table.plain:
        return cs.criterion_ids(), ()
    out: list[str] = []
    cut: list[str] = []
    for part in cs.parts:
        for section in part.sections:
            if section.cases:
                case = section.case(choices.get(section.id, ""))
                if case is None:
                    continue
                leaves = list(case.leaves())
            else:
                leaves = list(section.leaves())
            for n, leaf in enumerate(leaves):
                out.append(leaf.id)
                value = choices.get(leaf.id)
                if value is not None and _stops(leaf, value):
                    cut.extend(rest.id for rest in leaves[n + 1:])
                    break
    return tuple(out), tuple(cut)


def leaf_points(cs: CriteriaSet, choices: Mapping[str, str]) -> dict[str, Decimal]:
    """Leaf id -> points, for every answered applicable leaf (checked first)."""
    check_choices(cs, choices)
    table = scoring_table(cs)
    crits = table.criteria
    if table.plain:
        return {k: crits[k][1][v] for k, v in choices.items()}
    out: dict[str, Decimal] = {}
    for leaf_id in _applicable(cs, choices):
        value = choices.get(leaf_id)
        if value is not None:
            out[leaf_id] = _leaf_points(table.leaves[leaf_id], crits[leaf_id][1], value)
    return out


def part_subtotals(cs: CriteriaSet, choices: Mapping[str, str]) -> dict[str, Decimal]:
    """Part id -> points of the chosen options in that part (answered applicable leaves only)."""
    table = scoring_table(cs)
    sums = [_ZERO] * len(table.parts)
    crits = table.criteria
    if table.plain:
        try:
            for crit_id, opt_id in choices.items():
                index, options = crits[crit_id]
                sums[index] += options[opt_id]
        except KeyError:
            check_choices(cs, choices)
            raise
    else:
        for leaf_id, points in leaf_points(cs, choices).items():
            sums[crits[leaf_id][0]] += points
    return dict(zip(table.parts, sums))


def member_total(cs: CriteriaSet, choices: Mapping[str, str]) -> Decimal:
    """Sum of the chosen options (of the answered applicable leaves, complete or not)."""
    return sum(part_subtotals(cs, choices).values(), _ZERO)


def is_complete(cs: CriteriaSet, choices: Mapping[str, str]) -> bool:
    """True when every case section has its case and every applicable leaf an answer."""
    check_choices(cs, choices)
    return _complete(cs, choices)


def _complete(cs: CriteriaSet, choices: Mapping[str, str]) -> bool:
    """`is_complete` of choices already checked."""
    table = scoring_table(cs)
    if table.plain:
        return len(choices) == table.size
    if any(section_id not in choices for section_id in table.case_sections):
        return False
    return all(leaf_id in choices for leaf_id in _applicable(cs, choices))


def progress(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[int, int]:
    """(answers given, answers needed) counting case choices and applicable leaves; ignored answers not counted.

    What a progress bar shows: the sheet is complete when both are equal.
    """
    check_choices(cs, choices)
    table = scoring_table(cs)
    if table.plain:
        return len(choices), table.size
    applies = _applicable(cs, choices)
    cases = table.case_sections
    done = sum(1 for c in applies if c in choices) + sum(1 for s in cases if s in choices)
    return done, len(applies) + len(cases)


def ref_subtotal(cs: CriteriaSet, choices: Mapping[str, str], ref: str) -> Decimal:
    """Points of the chosen options under a part, section, case, criterion or sub-criterion id."""
    table = scoring_table(cs)
    crit_ids = table.refs.get(ref)
    if crit_ids is None:
        raise ValueError(f"criteria set {cs.id} has no part, section, case or criterion {ref!r}")
    if not table.plain:
        points = leaf_points(cs, choices)
        return sum((points.get(c, _ZERO) for c in crit_ids), _ZERO)
    total = _ZERO
    for crit_id in crit_ids:
        opt_id = choices.get(crit_id)
        if opt_id is not None:
            options = table.criteria[crit_id][1]
            if opt_id not in options:
                raise ValueError(f"criterion {crit_id!r} of set {cs.id} has no option {opt_id!r}")
            total += options[opt_id]
    return total


@dataclass(frozen=True)
class SheetView:
    """One sheet read once: points of each answered applicable leaf, and which leaves apply."""

    points: Mapping[str, Decimal]
    applies: frozenset[str] | None  # None: every leaf (a plain set)


def sheet_view(cs: CriteriaSet, choices: Mapping[str, str]) -> SheetView:
    points = leaf_points(cs, choices)
    if scoring_table(cs).plain:
        return SheetView(points, None)
    return SheetView(points, frozenset(_applicable(cs, choices)))


def view_points(cs: CriteriaSet, view: SheetView, criterion_id: str) -> Decimal | None:
    """`criterion_points` on a sheet already read (`sheet_view`)."""
    leaf_ids = scoring_table(cs).refs.get(criterion_id)
    if leaf_ids is None or cs.criterion(criterion_id) is None:
        raise ValueError(f"criteria set {cs.id} has no criterion {criterion_id!r}")
    wanted = leaf_ids if view.applies is None else tuple(c for c in leaf_ids if c in view.applies)
    if not wanted or any(c not in view.points for c in wanted):
        return None
    return sum((view.points[c] for c in wanted), _ZERO)


def criterion_points(cs: CriteriaSet, choices: Mapping[str, str], criterion_id: str) -> Decimal | None:
    """The points of a leaf or a parent criterion; None while unanswered or not applicable.

    A parent has points once every one of its applicable sub-criteria is answered.
    """
    return view_points(cs, sheet_view(cs, choices), criterion_id)
