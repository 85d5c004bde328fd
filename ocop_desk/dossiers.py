"""Producers, products and their dossiers, with evidence files.

Evidence files are copied into the store's managed folder under their
SHA-256 (`<data_dir>/evidence/ab/abcdef…`), so a file renamed or edited on
the officer's stick afterwards cannot change what the council saw; the
original name is kept for display.  Identical files are stored once.

What may be attached is checked here, for the GUI, the CLI and dossier
packages alike: a regular file (not a folder, device or pipe, which could
block or never end), at most `MAX_EVIDENCE_BYTES`, not already in the same
dossier, for a criterion of the dossier's own criteria set, with its name
cleaned by the one identifier rule (`ocop_desk.identifiers`).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ocop_desk import audit
from ocop_desk.catalogue import criteria_set_by_pk, resolve_criteria_set
from ocop_desk.errors import ImportRefused, NotFound, Problem
from ocop_desk.i18n import _
from ocop_desk.identifiers import check_id, check_name, id_problem, name_problem
from ocop_desk.store.engine import Store
from ocop_desk.store.models import CriteriaSetRow, Dossier, EvidenceFile, Producer, Product
from ocop_desk.vocabulary import PRODUCER_KINDS, STAGES

MAX_EVIDENCE_BYTES = 200 << 20
YEARS = range(2000, 2101)


@dataclass(frozen=True)
class ProducerInfo:
    id: int
    name: str
    kind: str
    commune: str
    address: str
    phone: str


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    original_name: str
    sha256: str
    size: int
    kind: str | None
    criterion_id: str | None
    path: Path


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    name: str
    group_id: str | None
    producer: ProducerInfo
    year: int | None
    stage: str | None
    criteria_set_id: str | None
    criteria_set_pk: int | None
    evidence: tuple[EvidenceInfo, ...] = ()


def _producer_info(p: Producer) -> ProducerInfo:
    return ProducerInfo(p.id, p.name, p.kind, p.commune, p.address or "", p.phone or "")


def evidence_path(store: Store, sha256: str) -> Path:
    return store.data_dir / "evidence" / sha256[:2] / sha256


def list_products(store: Store, *, search: str = "", group_id: str | None = None, year: int | None = None,
                  stage: str | None = None) -> list[ProductInfo]:
    """Products with their latest dossier; `search` matches code, name, producer or commune."""
    with store.read() as s:
        q = (select(Product, Producer).join(Producer, Producer.id == Product.producer_id).order_by(Product.code))
        if search:
            like = f"%{search}%"
            q = q.where(or_(Product.code.ilike(like), Product.name.ilike(like), Producer.name.ilike(like),
                            Producer.commune.ilike(like)))
        if group_id:
            q = q.where(Product.group_id == group_id)
        products = s.execute(q).all()
        dossiers: dict[int, tuple[Dossier, str | None]] = {}
        for dossier, set_ref in s.execute(select(Dossier, CriteriaSetRow.set_id)
                                          .outerjoin(CriteriaSetRow, CriteriaSetRow.pk == Dossier.criteria_set_pk)
                                          .order_by(Dossier.year)):
            dossiers[dossier.product_id] = (dossier, set_ref)
    out = []
    for prod, producer in products:
        d, set_id = dossiers.get(prod.id, (None, None))
        if year is not None and (d is None or d.year != year):
            continue
        if stage is not None and (d is None or d.stage != stage):
            continue
        out.append(ProductInfo(prod.id, prod.code, prod.name, prod.group_id, _producer_info(producer),
                               d.year if d else None, d.stage if d else None, set_id,
                               d.criteria_set_pk if d else None))
    return out


def get_product(store: Store, code: str) -> ProductInfo:
    with store.read() as s:
        row = s.execute(select(Product, Producer).join(Producer, Producer.id == Product.producer_id)
                        .where(Product.code == code)).first()
        if row is None:
            raise NotFound(_("no product with code {code}").format(code=code), place="product")
        prod, producer = row
        found = s.execute(select(Dossier, CriteriaSetRow.set_id)
                          .outerjoin(CriteriaSetRow, CriteriaSetRow.pk == Dossier.criteria_set_pk)
                          .where(Dossier.product_id == prod.id).order_by(Dossier.year.desc()).limit(1)).first()
        d, set_id = found if found else (None, None)
        evidence: tuple[EvidenceInfo, ...] = ()
        if d is not None:
            evidence = tuple(
                EvidenceInfo(e.id, e.original_name, e.sha256, e.size, e.kind, e.criterion_id,
                             evidence_path(store, e.sha256))
                for e in s.scalars(select(EvidenceFile).where(EvidenceFile.dossier_id == d.id)
                                   .order_by(EvidenceFile.id)))
    return ProductInfo(prod.id, prod.code, prod.name, prod.group_id, _producer_info(producer),
                       d.year if d else None, d.stage if d else None, set_id,
                       d.criteria_set_pk if d else None, evidence)


def save_producer(store: Store, name: str, kind: str, commune: str = "", address: str = "", phone: str = "",
                  *, producer_id: int | None = None, actor: str | None = None) -> int:
    with store.write() as s:
        return _save_producer(s, name, kind, commune, address, phone, producer_id=producer_id, actor=actor)


def _save_producer(s: Session, name: str, kind: str, commune: str, address: str, phone: str,
                   *, producer_id: int | None, actor: str | None) -> int:
    name = check_name(name, "producer", place="name")
    commune = check_name(commune or "", "commune", required=False, place="commune")
    address = check_name(address or "", "address", required=False, place="address")
    phone = check_name(phone or "", "phone", required=False, place="phone")
    if kind not in PRODUCER_KINDS:
        raise ImportRefused(_("unknown producer kind '{kind}'").format(kind=kind), place="kind")
    p: Producer | None
    if producer_id is None:
        existing = s.scalar(select(Producer).where(Producer.name == name, Producer.commune == commune))
        p = existing or Producer(name=name, kind=kind, commune=commune)
        if existing is None:
            s.add(p)
    else:
        p = s.get(Producer, producer_id)
        if p is None:
            raise NotFound(_("no producer {id}").format(id=producer_id), place="producer")
    p.name, p.kind, p.commune, p.address, p.phone = name, kind, commune, address or None, phone or None
    s.flush()
    audit.append(s, "producer", str(p.id), {"name": name, "kind": kind, "commune": commune}, actor=actor)
    return p.id


def save_product(store: Store, code: str, name: str, producer_id: int, *, year: int, stage: str = "evaluation",
                 criteria_set_ref: str | None = None, actor: str | None = None) -> ProductInfo:
    """Create or edit a product and its dossier for `year`."""
    with store.write() as s:
        _save_product(s, store, code, name, producer_id, year=year, stage=stage,
                      criteria_set_ref=criteria_set_ref, actor=actor)
    return get_product(store, code)


def _save_product(s: Session, store: Store, code: str, name: str, producer_id: int, *, year: int,
                  stage: str, criteria_set_ref: str | None, actor: str | None) -> None:
    code = check_id(code, "product", place="code")
    name = check_name(name, "product", place="name")
    if not isinstance(year, int) or isinstance(year, bool) or year not in YEARS:
        raise ImportRefused(_("must be a year such as 2026"), place="year")
    if stage not in STAGES:
        raise ImportRefused(_("unknown OCOP cycle stage '{stage}'").format(stage=stage), place="stage")
    set_pk, cs = resolve_criteria_set(store, criteria_set_ref) if criteria_set_ref else (None, None)
    if s.get(Producer, producer_id) is None:
        raise NotFound(_("no producer {id}").format(id=producer_id), place="producer")
    prod = s.scalar(select(Product).where(Product.code == code))
    if prod is None:
        prod = Product(code=code, name=name, producer_id=producer_id)
        s.add(prod)
    prod.name, prod.producer_id = name, producer_id
    if cs is not None:
        prod.group_id = cs.group_id
    s.flush()
    d = s.scalar(select(Dossier).where(Dossier.product_id == prod.id, Dossier.year == year))
    if d is None:
        d = Dossier(product_id=prod.id, year=year, stage=stage, criteria_set_pk=set_pk)
        s.add(d)
    d.stage = stage
    if set_pk is not None:
        d.criteria_set_pk = set_pk
    audit.append(s, "product", code, {"name": name, "year": year, "stage": stage,
                                      "criteria_set": criteria_set_ref}, actor=actor)


def attach_evidence(store: Store, code: str, file: Path, *, kind: str | None = None,
                    criterion_id: str | None = None, actor: str | None = None) -> EvidenceInfo:
    """Copy a file into the managed folder (by SHA-256) and record it on the product's latest dossier."""
    file = Path(file)
    with _staged(store, file) as (tmp, digest, size):
        with store.write() as s:
            return _attach(s, store, code, file, tmp, digest, size, kind=kind, criterion_id=criterion_id,
                           actor=actor)


class _staged:
    """The file read once, hashed and copied into the managed folder's staging file."""

    def __init__(self, store: Store, file: Path) -> None:
        self.store, self.file = store, file
        self.tmp: Path | None = None

    def __enter__(self) -> tuple[Path, str, int]:
        folder = self.store.data_dir / "evidence"
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
        self.tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                digest, size = _copy_regular_file(self.file, out)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise
        return self.tmp, digest, size

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)


def _copy_regular_file(file: Path, out: BinaryIO) -> tuple[str, int]:
    """(sha256, size) of a regular file of at most MAX_EVIDENCE_BYTES, copied to `out` as read."""
    where = str(file)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError as exc:
        raise ImportRefused(_("cannot read the file: {detail}").format(detail=exc.strerror), file=where) from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_EVIDENCE_BYTES:
        os.close(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ImportRefused(_("not a regular file (a folder, device or pipe cannot be evidence)"), file=where)
        raise ImportRefused(_("larger than {n} MB").format(n=MAX_EVIDENCE_BYTES >> 20), file=where)
    with os.fdopen(fd, "rb") as fh:
        h = hashlib.sha256()
        size = 0
        try:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:  # it grew while being read
                    raise ImportRefused(_("larger than {n} MB").format(n=MAX_EVIDENCE_BYTES >> 20), file=where)
                h.update(chunk)
                out.write(chunk)
        except OSError as exc:
            raise ImportRefused(_("cannot read the file: {detail}").format(detail=exc.strerror), file=where) from exc
        out.flush()
        os.fsync(out.fileno())
    return h.hexdigest(), size


def _attach(s: Session, store: Store, code: str, file: Path, staged: Path, digest: str, size: int, *,
            kind: str | None, criterion_id: str | None, actor: str | None) -> EvidenceInfo:
    where = str(file)
    name = check_name(file.name, "file", file=where, place="name")
    kind = check_name(kind, "kind", required=False, file=where, place="kind") or None
    prod = s.scalar(select(Product).where(Product.code == code))
    if prod is None:
        raise NotFound(_("no product with code {code}").format(code=code), place="product")
    d = s.scalar(select(Dossier).where(Dossier.product_id == prod.id).order_by(Dossier.year.desc()).limit(1))
    if d is None:
        raise ImportRefused(_("product {code} has no dossier yet").format(code=code), place="dossier")
    if criterion_id is not None:
        cs = criteria_set_by_pk(store, d.criteria_set_pk) if d.criteria_set_pk is not None else None
        if cs is None or cs.criterion(criterion_id) is None:
            raise ImportRefused(_("criterion '{id}' is not in the criteria set of this dossier").format(
                id=criterion_id), file=where, place="criterion")
    twin = s.scalar(select(EvidenceFile.original_name).where(EvidenceFile.dossier_id == d.id,
                                                             EvidenceFile.sha256 == digest).limit(1))
    if twin is not None:
        raise ImportRefused(_("this file is already in the dossier of {code} (as “{name}”)").format(
            code=code, name=twin), file=where)
    target = evidence_path(store, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
    row = EvidenceFile(dossier_id=d.id, original_name=name, sha256=digest, size=size, kind=kind,
                       criterion_id=criterion_id)
    s.add(row)
    s.flush()
    audit.append(s, "evidence", code, {"name": name, "sha256": digest, "size": size}, actor=actor)
    return EvidenceInfo(row.id, name, digest, size, kind, criterion_id, target)


def apply_dossier(store: Store, producer: dict, product: dict, evidence: list[tuple[Path, str | None, str | None]],
                  *, actor: str | None = None, also: Callable[[Any], None] | None = None) -> int:
    """A dossier arriving whole (a dossier package): producer, product and evidence in ONE
    transaction, so a refused evidence file leaves every table as it was; `also(session)` runs in
    the same transaction (e.g. recording the envelope).  Returns the number of files added."""
    staged: list[_staged] = []
    try:
        files = []
        for path, kind, crit in evidence:
            st = _staged(store, Path(path))
            staged.append(st)
            files.append((Path(path), *st.__enter__(), kind, crit))
        with store.write() as s:
            pid = _save_producer(s, producer["name"], producer["kind"], producer.get("commune") or "",
                                 producer.get("address") or "", producer.get("phone") or "", producer_id=None,
                                 actor=actor)
            _save_product(s, store, product["code"], product["name"], pid, year=product["year"],
                          stage=product.get("stage") or "evaluation", criteria_set_ref=product.get("criteria_set"),
                          actor=actor)
            s.flush()
            for path, tmp, digest, size, kind, crit in files:
                _attach(s, store, product["code"], path, tmp, digest, size, kind=kind, criterion_id=crit, actor=actor)
            if also is not None:
                also(s)
        return len(files)
    finally:
        for st in staged:
            st.__exit__(None, None, None)


def verify_evidence(store: Store, code: str) -> list[tuple[EvidenceInfo, bool]]:
    """Each evidence file of the product with whether the managed copy still has its digest."""
    out = []
    for ev in get_product(store, code).evidence:
        ok = False
        if ev.path.exists():
            h = hashlib.sha256()
            with ev.path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            ok = h.hexdigest() == ev.sha256
        out.append((ev, ok))
    return out


def list_producers(store: Store) -> list[ProducerInfo]:
    with store.read() as s:
        return [_producer_info(p) for p in s.scalars(select(Producer).order_by(Producer.name))]


PRODUCTS_FORMAT = "ocop-desk/products@1"


def export_products(store: Store) -> dict:
    """The product list interchange (`ocop-desk/products@1`), documented in docs/session-format.md."""
    return {"format": PRODUCTS_FORMAT, "products": [
        {"code": p.code, "name": p.name, "year": p.year, "stage": p.stage, "criteria_set": p.criteria_set_id,
         "producer": {"name": p.producer.name, "kind": p.producer.kind, "commune": p.producer.commune,
                      "address": p.producer.address, "phone": p.producer.phone}}
        for p in list_products(store)]}


def _product_problems(store: Store, p: dict, place: str, seen: set[str]) -> list[Problem]:
    """Everything wrong with one product of a list, by the same rules `_save_product` applies."""
    out: list[Problem] = []
    code = p.get("code")
    why = id_problem(code, "product")
    if why is not None:
        out.append(Problem(f"{place}.code", why))
    elif code in seen:
        out.append(Problem(f"{place}.code", _("duplicate product code '{code}'").format(code=code)))
    else:
        seen.add(str(code))  # id_problem found it a valid id, so a str
    why = name_problem(p.get("name"), "product")[1]
    if why is not None:
        out.append(Problem(f"{place}.name", why))
    year = p.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or year not in YEARS:
        out.append(Problem(f"{place}.year", _("must be a year such as 2026")))
    stage = p.get("stage", "evaluation")
    if stage is not None and (not isinstance(stage, str) or stage not in STAGES):
        out.append(Problem(f"{place}.stage", _("must be one of {values}").format(values=", ".join(STAGES))))
    prod = p.get("producer")
    if not isinstance(prod, dict):
        out.append(Problem(f"{place}.producer", _("must be an object")))
    else:
        for key, kind, required in (("name", "producer", True), ("commune", "commune", False),
                                    ("address", "address", False), ("phone", "phone", False)):
            why = name_problem(prod.get(key), kind, required=required)[1]
            if why is not None:
                out.append(Problem(f"{place}.producer.{key}", why))
        if not isinstance(prod.get("kind"), str) or prod["kind"] not in PRODUCER_KINDS:
            out.append(Problem(f"{place}.producer.kind",
                               _("must be one of {values}").format(values=", ".join(PRODUCER_KINDS))))
    ref = p.get("criteria_set")
    if ref is not None and ref != "":
        if not isinstance(ref, str):
            out.append(Problem(f"{place}.criteria_set", _("must be text")))
        else:
            try:
                resolve_criteria_set(store, ref)
            except NotFound:
                out.append(Problem(f"{place}.criteria_set", _("unknown criteria set '{id}'").format(id=ref)))
    return out


def import_products(store: Store, data: dict, *, file: str = "<data>", actor: str | None = None) -> int:
    """All-or-nothing import of a product list; returns how many products it holds."""
    problems: list[Problem] = []
    if not isinstance(data, dict) or data.get("format") != PRODUCTS_FORMAT:
        raise ImportRefused(_("expected \"{fmt}\"").format(fmt=PRODUCTS_FORMAT), file=file, place="format")
    rows = data.get("products")
    if not isinstance(rows, list):
        raise ImportRefused(_("must be a list"), file=file, place="products")
    seen: set[str] = set()
    for i, p in enumerate(rows):
        place = f"products[{i}]"
        if not isinstance(p, dict):
            problems.append(Problem(place, _("must be an object")))
            continue
        problems.extend(_product_problems(store, p, place, seen))
    if problems:
        raise ImportRefused(_("the product list was not imported; nothing was changed"), file=file,
                            problems=problems)
    with store.write() as s:
        for p in rows:
            prod = p["producer"]
            pid = _save_producer(s, prod["name"], prod["kind"], prod.get("commune") or "",
                                 prod.get("address") or "", prod.get("phone") or "", producer_id=None, actor=actor)
            _save_product(s, store, p["code"], p["name"], pid, year=p["year"], stage=p.get("stage") or "evaluation",
                          criteria_set_ref=p.get("criteria_set"), actor=actor)
    return len(rows)
