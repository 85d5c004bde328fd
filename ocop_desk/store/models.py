"""The dossier store, as SQLAlchemy 2.x typed models.

No points are stored: a scorecard holds the option chosen per criterion, and
every total is recomputed from the criteria-set version it was scored with,
so a stored number can never disagree with the sheet.  Ids that people read (member codes, session ids, product codes)
are strings; joins use integer keys.  The schema is created and changed only
by the Alembic migrations in `store/migrations/`.
"""

from __future__ import annotations

import datetime as dt
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small facts about the store itself (e.g. the catalogue fingerprint last synced)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AdminUnit(Base):
    """Province, district or commune, keyed by its official administrative code."""

    __tablename__ = "admin_units"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # province | district | commune
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("admin_units.code"), nullable=True)


class Producer(Base):
    __tablename__ = "producers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(8))  # DN | HTX | THT | HO
    commune: Mapped[str] = mapped_column(String(200), default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("admin_units.code"), nullable=True)
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    __table_args__ = (UniqueConstraint("name", "commune", name="uq_producer_name_commune"),)


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # T-H-STT-YYYY
    name: Mapped[str] = mapped_column(String(300))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"))
    group_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    producer: Mapped[Producer] = relationship()


class Dossier(Base):
    """One year's application of a product (hồ sơ), at one stage of the OCOP cycle."""

    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(24), default="evaluation")
    criteria_set_pk: Mapped[int | None] = mapped_column(ForeignKey("criteria_sets.pk"), nullable=True)
    __table_args__ = (UniqueConstraint("product_id", "year", name="uq_dossier_product_year"),)


class EvidenceFile(Base):
    """A file of a dossier, copied into the managed folder under its SHA-256."""

    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    original_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(60), nullable=True)
    criterion_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CriteriaSetRow(Base):
    """One version of a criteria set; `body` is its canonical JSON, never edited."""

    __tablename__ = "criteria_sets"
    pk: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[str] = mapped_column(String(120), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    regulation: Mapped[str] = mapped_column(String(80))
    profile_id: Mapped[str] = mapped_column(String(60))
    group_id: Mapped[str] = mapped_column(String(60))
    group_title: Mapped[str] = mapped_column(String(200))
    product_set: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default="catalogue")  # catalogue | imported
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ProfileRow(Base):
    __tablename__ = "profiles"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    regulation: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)


class Council(Base):
    __tablename__ = "councils"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16))  # district | province | central
    admin_unit_code: Mapped[str | None] = mapped_column(ForeignKey("admin_units.code"), nullable=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id"))
    public_key: Mapped[str | None] = mapped_column(Text, nullable=True)


class Member(Base):
    __tablename__ = "members"
    pk: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[str] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # chair | vice_chair | secretary | member
    public_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (UniqueConstraint("council_id", "code", name="uq_member_council_code"),)


class SessionRow(Base):
    """A council meeting (phiên họp) that scores an agenda of products."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    council_id: Mapped[str] = mapped_column(ForeignKey("councils.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(16), default="preparing")  # preparing | scoring | closed


class Attendance(Base):
    __tablename__ = "attendance"
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    member_pk: Mapped[int] = mapped_column(ForeignKey("members.pk", ondelete="CASCADE"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean, default=True)


class AgendaItem(Base):
    """A product on a session's agenda, scored against one criteria-set version."""

    __tablename__ = "agenda_items"
    pk: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    criteria_set_pk: Mapped[int] = mapped_column(ForeignKey("criteria_sets.pk"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("session_id", "product_id", name="uq_agenda_session_product"),)


class Conflict(Base):
    __tablename__ = "conflicts"
    agenda_pk: Mapped[int] = mapped_column(ForeignKey("agenda_items.pk", ondelete="CASCADE"), primary_key=True)
    member_pk: Mapped[int] = mapped_column(ForeignKey("members.pk", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(500), default="")


class KnockoutFinding(Base):
    __tablename__ = "knockout_findings"
    agenda_pk: Mapped[int] = mapped_column(ForeignKey("agenda_items.pk", ondelete="CASCADE"), primary_key=True)
    knockout_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reason: Mapped[str] = mapped_column(String(1000), default="")


class Scorecard(Base):
    """One member's sheet for one agenda item (phiếu đánh giá)."""

    __tablename__ = "scorecards"
    pk: Mapped[int] = mapped_column(primary_key=True)
    agenda_pk: Mapped[int] = mapped_column(ForeignKey("agenda_items.pk", ondelete="CASCADE"))
    member_pk: Mapped[int] = mapped_column(ForeignKey("members.pk", ondelete="CASCADE"))
    signed_envelope: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (UniqueConstraint("agenda_pk", "member_pk", name="uq_scorecard_agenda_member"),)


class Choice(Base):
    """The option ticked for one criterion; at most one per criterion by key."""

    __tablename__ = "choices"
    scorecard_pk: Mapped[int] = mapped_column(ForeignKey("scorecards.pk", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    option_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditEntry(Base):
    """Append-only, hash-chained: hash = sha256(prev_hash + canonical entry)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """A single row holding the chain's tip; updating it serialises writers."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


Index("ix_scorecards_member", Scorecard.member_pk)
Index("ix_agenda_session", AgendaItem.session_id)


# ---------------------------------------------------------------- after the meeting (issue 11 §1-3)
# Side tables keyed by the council / session, so that the papers' facts are
# added without changing the tables above.


class CouncilPaperDetails(Base):
    """What an office prints above a council's papers: the parent authority and the town of the date line."""

    __tablename__ = "council_paper_details"
    council_id: Mapped[str] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), primary_key=True)
    parent_authority: Mapped[str] = mapped_column(String(300), default="")  # "Ủy ban nhân dân huyện Chợ Mới"
    place_name: Mapped[str] = mapped_column(String(200), default="")  # "Chợ Mới"


class SessionPaperDetails(Base):
    __tablename__ = "session_paper_details"
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    start_time: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "08:00"
    end_time: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "11:30" (migration 0006)


class Paper(Base):
    """The number and date an office gives one paper of a session (minutes, decision, ...)."""

    __tablename__ = "papers"
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)  # minutes | summary | decision | ...
    number: Mapped[str] = mapped_column(String(60), default="")  # "12/BB-HĐ"
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Recognition(Base):
    """A recognition decision (quyết định công nhận) drawn from one closed session."""

    __tablename__ = "recognitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), unique=True)
    decision_number: Mapped[str] = mapped_column(String(60), unique=True)  # "125/QĐ-UBND"
    decision_date: Mapped[dt.date] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16))  # district | province | central
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Certificate(Base):
    """One product's star as recognised; the names are copied so the register outlives later edits.

    A product recognised again later gets a new row, and the earlier one points
    at it through `superseded_by`: the history of its stars stays readable.
    """

    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    recognition_id: Mapped[int] = mapped_column(ForeignKey("recognitions.id"))
    product_code: Mapped[str] = mapped_column(String(40), index=True)
    product_name: Mapped[str] = mapped_column(String(300))
    producer_name: Mapped[str] = mapped_column(String(300))
    producer_kind: Mapped[str] = mapped_column(String(8), default="")
    commune: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    group_id: Mapped[str] = mapped_column(String(60), default="")
    star: Mapped[int] = mapped_column(Integer)
    mean: Mapped[str] = mapped_column(String(20))  # Decimal text, as ranked
    level: Mapped[str] = mapped_column(String(16))
    issued: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"), nullable=True)


class SelfAssessment(Base):
    """A producer's own ticks on the council's sheet (phiếu tự đánh giá), one per product and set version."""

    __tablename__ = "self_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    product_code: Mapped[str] = mapped_column(String(40))
    criteria_set_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("product_code", "criteria_set_hash", name="uq_self_assessment_product_set"),)


class SelfAssessmentChoice(Base):
    __tablename__ = "self_assessment_choices"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("self_assessments.id", ondelete="CASCADE"),
                                               primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    option_id: Mapped[str] = mapped_column(String(40))

__all__ = [name for name in dir() if name[0].isupper()] + ["utcnow"]
