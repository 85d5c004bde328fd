"""Which documents a product's dossier must hold, and which of them it still lacks.

The documents each regulation asks for are data, not code:
`forms/dossier-requirements/<profile>.json` (format
`ocop-desk/dossier-requirements@1`, docs/dossier-requirements.md).  A
document applies to all product groups or to some (the food-safety
certificate only to food, drinks and herbal products); an evidence file
counts for a document when its `kind` is the document's id or one of the
kinds the data lists for it, compared without case and with `_` and blanks
read as `-` (so "food_safety", "Food safety" and "food-safety" are one kind).

A product's regulation is the profile of its criteria set; a product with no
set yet is checked against the file marked `"current": true`, and only for
the documents every group needs (its group is not known yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from ocop_desk.catalogue import criteria_set_by_pk, read_json_file
from ocop_desk.dossiers import get_product, list_products
from ocop_desk.errors import CriteriaError, NotFound
from ocop_desk.i18n import _, language
from ocop_desk.paths import forms_dir

FORMAT = "ocop-desk/dossier-requirements@1"
FOLDER = "dossier-requirements"
ALL_GROUPS = "*"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


def normalize_kind(kind: str | None) -> str:
    """The one comparison of evidence kinds: "Food_Safety " → "food-safety"."""
    return re.sub(r"[\s_]+", "-", (kind or "").strip().lower())


@dataclass(frozen=True)
class Requirement:
    """One document of the dossier: `groups` None means every group."""

    id: str
    label_vi: str
    label_en: str
    groups: tuple[str, ...] | None
    required: bool
    kinds: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.label_en if language() == "en" else self.label_vi

    def applies_to(self, group_id: str | None) -> bool:
        return self.groups is None or (group_id is not None and group_id in self.groups)

    def accepts(self, kind: str | None) -> bool:
        k = normalize_kind(kind)
        return bool(k) and (k == self.id or k in self.kinds)


@dataclass(frozen=True)
class RequirementSet:
    profile: str
    regulation: str
    current: bool
    groups: tuple[str, ...]
    documents: tuple[Requirement, ...]
    file: str

    def for_group(self, group_id: str | None) -> tuple[Requirement, ...]:
        return tuple(d for d in self.documents if d.applies_to(group_id))

    def requirement_for_kind(self, kind: str | None) -> Requirement | None:
        return next((d for d in self.documents if d.accepts(kind)), None)


@dataclass(frozen=True)
class DocumentStatus:
    requirement: Requirement
    files: tuple[str, ...]  # original names of the evidence files counted for it

    @property
    def present(self) -> bool:
        return bool(self.files)


@dataclass(frozen=True)
class DossierChecklist:
    """One product's dossier against its regulation's list of documents."""

    code: str
    name: str
    producer: str
    commune: str
    group_id: str | None
    profile: str
    documents: tuple[DocumentStatus, ...]
    unmatched: tuple[str, ...]  # files whose kind names no document of the list (or have none)

    @property
    def needs_group(self) -> bool:
        """True while the product has no group: group-specific documents are not listed yet."""
        return self.group_id is None

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(d.requirement for d in self.documents if d.requirement.required and not d.present)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.needs_group

    def to_dict(self) -> dict[str, Any]:
        """The `dossier missing --json` shape (docs/dossier-requirements.md)."""
        return {"code": self.code, "name": self.name, "producer": self.producer, "commune": self.commune,
                "group_id": self.group_id, "profile": self.profile, "complete": self.complete,
                "needs_group": self.needs_group, "missing": [r.id for r in self.missing],
                "documents": [{"id": d.requirement.id, "label": d.requirement.label,
                               "required": d.requirement.required, "present": d.present, "files": list(d.files)}
                              for d in self.documents],
                "unmatched": list(self.unmatched)}


# --- the data ---------------------------------------------------------------------------


def requirements_dir(root: Path | None = None) -> Path:
    return (root or forms_dir()) / FOLDER


def _text_list(value: Any, file: str, place: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CriteriaError(_("must be a list of non-empty texts"), file=file, place=place)
    return tuple(value)


def requirement_set_from_dict(data: Any, file: str) -> RequirementSet:
    """Validates one requirements file strictly; every refusal names the file and the place."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CriteriaError(_("expected \"{fmt}\"").format(fmt=FORMAT), file=file, place="format")
    for key in ("profile", "regulation"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CriteriaError(_("must be non-empty text"), file=file, place=key)
    if not isinstance(data.get("current", False), bool):
        raise CriteriaError(_("must be true or false"), file=file, place="current")
    groups = _text_list(data.get("groups"), file, "groups")
    docs = data.get("documents")
    if not isinstance(docs, list) or not docs:
        raise CriteriaError(_("must be a non-empty list"), file=file, place="documents")
    out: list[Requirement] = []
    seen: set[str] = set()
    for i, d in enumerate(docs):
        place = f"documents[{i}]"
        if not isinstance(d, dict):
            raise CriteriaError(_("must be an object"), file=file, place=place)
        rid = d.get("id")
        if not isinstance(rid, str) or not _ID.match(rid):
            raise CriteriaError(_("an id of lower-case letters, digits and '-'"), file=file, place=f"{place}.id")
        if rid in seen:
            raise CriteriaError(_("duplicate document id '{id}'").format(id=rid), file=file, place=f"{place}.id")
        seen.add(rid)
        label = d.get("label")
        if not isinstance(label, dict) or not all(isinstance(label.get(k), str) and label[k].strip()
                                                  for k in ("vi", "en")):
            raise CriteriaError(_("needs a Vietnamese and an English label"), file=file, place=f"{place}.label")
        applies = d.get("groups")
        if applies == ALL_GROUPS:
            doc_groups = None
        else:
            doc_groups = _text_list(applies, file, f"{place}.groups")
            unknown = [g for g in doc_groups if g not in groups]
            if unknown:
                raise CriteriaError(_("unknown product group '{id}'").format(id=unknown[0]), file=file,
                                    place=f"{place}.groups")
        if not isinstance(d.get("required"), bool):
            raise CriteriaError(_("must be true or false"), file=file, place=f"{place}.required")
        kinds = _text_list(d.get("kinds", []), file, f"{place}.kinds")
        out.append(Requirement(rid, label["vi"].strip(), label["en"].strip(), doc_groups, d["required"],
                               tuple(normalize_kind(k) for k in kinds)))
    return RequirementSet(data["profile"], data["regulation"], data.get("current", False), groups, tuple(out), file)


@lru_cache(maxsize=16)
def _read(path: str, _size: int, _mtime: int) -> RequirementSet:
    return requirement_set_from_dict(read_json_file(Path(path)), path)


def _load(path: Path) -> RequirementSet:
    st = path.stat()
    return _read(str(path), st.st_size, st.st_mtime_ns)


def requirement_sets(root: Path | None = None) -> list[RequirementSet]:
    folder = requirements_dir(root)
    return [_load(p) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []


def requirements_for(profile: str | None, root: Path | None = None) -> RequirementSet:
    """The documents of `profile`'s regulation; the current regulation's when it has no list of its own."""
    sets = requirement_sets(root)
    for rs in sets:
        if rs.profile == profile:
            return rs
    current = [rs for rs in sets if rs.current]
    if not current:
        raise NotFound(_("no list of dossier documents for regulation profile '{id}'").format(id=profile),
                       file=str(requirements_dir(root)))
    return current[0]


# --- checking dossiers ----------------------------------------------------------------------


def check_dossier(product: Any, requirements: RequirementSet) -> DossierChecklist:
    """`product`: a `dossiers.ProductInfo` with its evidence."""
    docs = requirements.for_group(product.group_id)
    files: dict[str, list[str]] = {d.id: [] for d in docs}
    unmatched: list[str] = []
    for ev in product.evidence:
        req = next((d for d in docs if d.accepts(ev.kind)), None)
        if req is None:
            unmatched.append(ev.original_name)
        else:
            files[req.id].append(ev.original_name)
    return DossierChecklist(product.code, product.name, product.producer.name, product.producer.commune,
                            product.group_id, requirements.profile,
                            tuple(DocumentStatus(d, tuple(files[d.id])) for d in docs), tuple(unmatched))


def _profile_of(store: Any, set_pk: int | None, cache: dict[int, str]) -> str | None:
    if set_pk is None:
        return None
    if set_pk not in cache:
        cache[set_pk] = criteria_set_by_pk(store, set_pk).profile
    return cache[set_pk]


def dossier_checklist(store: Any, code: str) -> DossierChecklist:
    p = get_product(store, code)
    return check_dossier(p, requirements_for(_profile_of(store, p.criteria_set_pk, {})))


def dossier_checklists(store: Any, codes: Sequence[str] | None = None) -> list[DossierChecklist]:
    """The district view: every product of the store (or those of `codes`, in that order)."""
    wanted: Iterable[str] = codes if codes else [p.code for p in list_products(store)]
    cache: dict[int, str] = {}
    out = []
    for code in wanted:
        p = get_product(store, code)
        out.append(check_dossier(p, requirements_for(_profile_of(store, p.criteria_set_pk, cache))))
    return out


def document_choices(store: Any, code: str | None) -> tuple[Requirement, ...]:
    """The documents an evidence file of product `code` may be attached as (every document of the list)."""
    if code is None:
        return requirements_for(None).documents
    p = get_product(store, code)
    return requirements_for(_profile_of(store, p.criteria_set_pk, {})).documents
