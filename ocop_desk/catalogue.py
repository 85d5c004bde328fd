"""Criteria sets and regulation profiles: the shipped catalogue and the store.

The store holds every criteria-set version ever used, keyed by content hash;
the shipped `forms/` catalogue is synced into it whenever the files change
(detected by a cheap fingerprint of names, sizes and mtimes), so listing
never re-reads the JSON.  A set row is never edited: a corrected sheet has a
new hash and becomes a new row, and sessions keep the row they scored with.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocop_desk.canonical import canonical_json, jsonable_strings
from ocop_desk.errors import CriteriaError, NotFound
from ocop_desk.i18n import _
from ocop_desk.paths import forms_dir as _forms_dir
from ocop_desk.scoring.criteria import CriteriaSet, criteria_set_from_dict, load_json_text
from ocop_desk.scoring.profiles import Profile, profile_from_dict, profile_to_dict
from ocop_desk.scoring.validate import validate_criteria, validate_profile
from ocop_desk.store.engine import Store
from ocop_desk.store.models import Council, CriteriaSetRow, Meta, ProfileRow

_FINGERPRINT_KEY = "catalogue_fingerprint"


@dataclass(frozen=True)
class CriteriaSetInfo:
    pk: int
    id: str
    title: str
    regulation: str
    profile: str
    group_id: str
    group: str
    product_set: str
    status: str
    content_hash: str
    origin: str
    current: bool  # the newest version of this set id in the store
    offered: bool = False  # new sessions may use it: transcribed, and the newest version


OFFERED_STATUS = "transcribed"


@dataclass(frozen=True)
class ImportOutcome:
    set_id: str
    content_hash: str
    created: bool  # False when the identical set was already there


def forms_dir() -> Path:
    return _forms_dir()


def _catalogue_files(root: Path) -> tuple[list[Path], list[Path]]:
    criteria = sorted((root / "criteria").rglob("*.json")) if (root / "criteria").is_dir() else []
    profiles = sorted((root / "profiles").glob("*.json")) if (root / "profiles").is_dir() else []
    return criteria, profiles


def _fingerprint(files: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{f.as_posix()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def read_json_file(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CriteriaError(_("not UTF-8 text"), file=str(path), place=f"byte {exc.start}") from exc
    except OSError as exc:
        raise CriteriaError(_("cannot read the file: {detail}").format(detail=exc.strerror), file=str(path)) from exc
    try:
        return load_json_text(text)
    except json.JSONDecodeError as exc:
        raise CriteriaError(
            _("malformed JSON: {detail}").format(detail=exc.msg), file=str(path),
            place=_("line {line}, column {col}").format(line=exc.lineno, col=exc.colno),
        ) from exc


def load_criteria_file(path: Path, profiles: dict[str, Profile] | None = None) -> CriteriaSet:
    """Read and validate one criteria file (JSON, or an XLSX laid out as in docs/criteria-excel.md)."""

    path = Path(path)
    data: object
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ocop_desk.excel.criteria_workbook import read_criteria_workbook  # lazy: `criteria list` needs no openpyxl

        data = read_criteria_workbook(path)
    else:
        data = read_json_file(path)
    profile = None
    if isinstance(data, dict) and profiles is not None:
        profile = profiles.get(str(data.get("profile")))
    return validate_criteria(data, str(path), profile=profile)


def load_profile_file(path: Path) -> Profile:

    return validate_profile(read_json_file(path), str(path))


def shipped_profiles(root: Path | None = None) -> dict[str, Profile]:
    _, files = _catalogue_files(root or forms_dir())
    out: dict[str, Profile] = {}
    for f in files:
        p = load_profile_file(f)
        out[p.id] = p
    return out


def sync_catalogue(store: Store, *, force: bool = False) -> bool:
    """Bring the shipped catalogue into the store when `forms/` changed; True if it ran."""
    root = forms_dir()
    crit_files, prof_files = _catalogue_files(root)
    fp = _fingerprint(prof_files + crit_files)
    with store.read() as s:
        row = s.get(Meta, _FINGERPRINT_KEY)
        if not force and row is not None and row.value == fp:
            return False
    profiles = {}
    for f in prof_files:
        p = load_profile_file(f)
        profiles[p.id] = p
    sets = [load_criteria_file(f, profiles) for f in crit_files]
    with store.write() as s:
        for p in profiles.values():
            _put_profile(s, p)
        known = set(s.scalars(select(CriteriaSetRow.content_hash)))
        for cs in sets:
            if cs.content_hash not in known:
                s.add(_row_for(cs, origin="catalogue"))
        meta = s.get(Meta, _FINGERPRINT_KEY)
        if meta is None:
            s.add(Meta(key=_FINGERPRINT_KEY, value=fp))
        else:
            meta.value = fp
    return True


def _put_profile(s: Session, p: Profile) -> None:
    body = profile_to_dict(p)
    digest = hashlib.sha256(canonical_json(body)).hexdigest()
    row = s.get(ProfileRow, p.id)
    text = json.dumps(jsonable_strings(body), ensure_ascii=False, sort_keys=True)
    if row is None:
        s.add(ProfileRow(id=p.id, content_hash=digest, regulation=p.regulation, body=text))
    elif row.content_hash != digest:
        row.content_hash, row.regulation, row.body = digest, p.regulation, text


def _row_for(cs: CriteriaSet, origin: str) -> CriteriaSetRow:
    return CriteriaSetRow(
        set_id=cs.id, content_hash=cs.content_hash, title=cs.title, regulation=cs.regulation,
        profile_id=cs.profile, group_id=cs.group_id, group_title=cs.group, product_set=cs.product_set, status=cs.status,
        body=canonical_json(cs.to_dict()).decode("utf-8"), origin=origin,
    )


def import_criteria(store: Store, path: Path) -> ImportOutcome:
    """Validate a criteria file (JSON or XLSX) and add it as a new version if it is new."""
    sync_catalogue(store)
    profiles = {p.id: p for p in list_profiles(store)}
    cs = load_criteria_file(Path(path), profiles)
    if cs.profile not in profiles:
        raise CriteriaError(_("unknown regulation profile '{id}'").format(id=cs.profile), file=str(path),
                            place="profile")
    return add_criteria_set(store, cs, origin="imported")


def add_criteria_set(store: Store, cs: CriteriaSet, origin: str = "imported") -> ImportOutcome:
    with store.write() as s:
        exists = s.scalar(select(CriteriaSetRow.pk).where(CriteriaSetRow.content_hash == cs.content_hash))
        if exists is None:
            s.add(_row_for(cs, origin=origin))
    return ImportOutcome(cs.id, cs.content_hash, created=exists is None)


def list_criteria_sets(store: Store, *, all_versions: bool = False, profile: str | None = None,
                       group_id: str | None = None, offered_only: bool = False) -> list[CriteriaSetInfo]:
    """Sets in the store; `profile` narrows to one regulation (what a council may use), `group_id` to a group.

    `offered_only` keeps the sets a new session may use: the newest version of
    a `transcribed` set.  Reconstructed and incomplete-source sets stay listed
    otherwise, so sessions scored with them still open.
    """
    sync_catalogue(store)
    with store.read() as s:
        rows = s.execute(
            select(CriteriaSetRow.pk, CriteriaSetRow.set_id, CriteriaSetRow.title, CriteriaSetRow.regulation,
                   CriteriaSetRow.profile_id, CriteriaSetRow.group_id, CriteriaSetRow.product_set,
                   CriteriaSetRow.status, CriteriaSetRow.content_hash, CriteriaSetRow.origin,
                   CriteriaSetRow.group_title)
            .order_by(CriteriaSetRow.regulation, CriteriaSetRow.group_id, CriteriaSetRow.set_id,
                      CriteriaSetRow.pk)
        ).all()
    newest: dict[str, int] = {}
    for r in rows:
        newest[r.set_id] = max(newest.get(r.set_id, 0), r.pk)
    out = []
    for r in rows:
        current = newest[r.set_id] == r.pk
        offered = current and r.status == OFFERED_STATUS
        if (not all_versions and not current) or (profile and r.profile_id != profile) or (
                group_id and r.group_id != group_id) or (offered_only and not offered):
            continue
        out.append(CriteriaSetInfo(
            pk=r.pk, id=r.set_id, title=r.title, regulation=r.regulation, profile=r.profile_id,
            group_id=r.group_id, group=r.group_title, product_set=r.product_set, status=r.status,
            content_hash=r.content_hash, origin=r.origin, current=current, offered=offered,
        ))
    return out


@lru_cache(maxsize=512)
def _parse_body(body: str) -> CriteriaSet:
    return criteria_set_from_dict(json.loads(body))


def criteria_set_by_pk(store: Store, pk: int) -> CriteriaSet:
    with store.read() as s:
        body = s.scalar(select(CriteriaSetRow.body).where(CriteriaSetRow.pk == pk))
    if body is None:
        raise NotFound(_("no criteria set with key {pk}").format(pk=pk))
    return _parse_body(body)


def resolve_criteria_set(store: Store, ref: str) -> tuple[int, CriteriaSet]:
    """A set by id (its newest version), by full content hash, or by a hash prefix of 8+."""
    sync_catalogue(store)
    with store.read() as s:
        row = s.execute(
            select(CriteriaSetRow.pk, CriteriaSetRow.body).where(CriteriaSetRow.set_id == ref)
            .order_by(CriteriaSetRow.pk.desc()).limit(1)
        ).first()
        if row is None and len(ref) >= 8:
            row = s.execute(
                select(CriteriaSetRow.pk, CriteriaSetRow.body).where(CriteriaSetRow.content_hash.startswith(ref))
                .limit(2)
            ).first()
    if row is None:
        raise NotFound(_("unknown criteria set '{id}'").format(id=ref), place="criteria_set")
    return row.pk, _parse_body(row.body)


def list_profiles(store: Store) -> list[Profile]:
    sync_catalogue(store)
    with store.read() as s:
        bodies = list(s.scalars(select(ProfileRow.body).order_by(ProfileRow.id)))
    return [profile_from_dict(json.loads(b)) for b in bodies]


def get_profile(store: Store, profile_id: str) -> Profile:
    sync_catalogue(store)
    with store.read() as s:
        body = s.scalar(select(ProfileRow.body).where(ProfileRow.id == profile_id))
    if body is None:
        raise NotFound(_("unknown regulation profile '{id}'").format(id=profile_id), place="profile")
    return profile_from_dict(json.loads(body))


@dataclass(frozen=True)
class ProductTypeChoice:
    product_type: str
    group_id: str
    group: str
    set_id: str
    product_set: str


def classification(profile: str, root: Path | None = None) -> dict | None:
    """The shipped product classification of a regulation (forms/classification/<profile>.json), if any."""
    path = (root or forms_dir()) / "classification" / f"{profile}.json"
    if not path.is_file():
        return None
    st = path.stat()
    return _read_classification(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=16)
def _read_classification(path: str, _size: int, _mtime: int) -> dict:
    data = read_json_file(Path(path))
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise CriteriaError(_("not a product classification (groups missing)"), file=path, place="groups")
    return data


def product_type_choices(store: Store, profile: str, group_id: str | None = None) -> list[ProductTypeChoice]:
    """What a dossier form offers: each product type of the council's regulation, with the set it takes.

    Choosing a product's group and type picks its criteria set, and only the
    offered sets of the council's own regulation profile are offered.  The
    regulation's classification (groups -> product sets -> product types)
    gives the order and the types; an offered set it does not list (e.g. one
    imported later) is offered with its own product types.
    """
    offered = {info.id: info for info in list_criteria_sets(store, profile=profile, group_id=group_id,
                                                            offered_only=True)}
    out = []
    listed: set[str] = set()
    plan = classification(profile)
    for group in (plan or {}).get("groups", ()):
        for item in group.get("sets", ()):
            info = offered.get(item.get("set_id"))
            if info is None:
                continue
            listed.add(info.id)
            for t in item.get("product_types") or (info.product_set,):
                out.append(ProductTypeChoice(t, info.group_id, info.group, info.id, info.product_set))
    rest = []
    for info in offered.values():
        if info.id in listed:
            continue
        cs = criteria_set_by_pk(store, info.pk)
        for t in cs.product_types or (cs.product_set,):
            rest.append(ProductTypeChoice(t, cs.group_id, cs.group, cs.id, cs.product_set))
    return out + sorted(rest, key=lambda c: (c.group_id, c.product_type))


def council_profiles(store: Store) -> list[str]:
    """The regulation profiles of the councils in this store (all profiles when it has none yet)."""

    with store.read() as s:
        used = sorted(set(s.scalars(select(Council.profile_id))))
    return used or [p.id for p in list_profiles(store)]


def sets_for_councils(store: Store) -> list[CriteriaSetInfo]:
    """The criteria sets a dossier form offers: the offered sets under the councils' regulations."""
    profiles = set(council_profiles(store))
    return [s for s in list_criteria_sets(store, offered_only=True) if s.profile in profiles]
