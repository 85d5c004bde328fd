"""Tables of the bundle side: envelopes received, merged results, conflicts.

`envelopes_received` serves both ends of a hop: the district secretary's
store records the member-scorecard envelopes it took in (with their bytes,
so they travel on inside the session-results bundle), the province store
records every district bundle merged.  Merged results are never updated in
place: a superseding bundle marks the earlier rows not current, so the
history of what each council said stays readable.  Means are Decimal text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ocop_desk.store.models import Base, utcnow


class EnvelopeReceived(Base):
    __tablename__ = "envelopes_received"
    envelope_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    admin_unit: Mapped[str] = mapped_column(String(16))
    council_id: Mapped[str] = mapped_column(String(60))
    signer_key_id: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(120), default="")  # session id (+ member) it is about
    created_at: Mapped[str] = mapped_column(String(20))
    supersedes: Mapped[str | None] = mapped_column(String(36), nullable=True)
    superseded_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MergedResult(Base):
    __tablename__ = "merged_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[str] = mapped_column(ForeignKey("envelopes_received.envelope_id"))
    council_id: Mapped[str] = mapped_column(String(60))
    admin_unit: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[str] = mapped_column(String(60))
    product_code: Mapped[str] = mapped_column(String(40))
    product_name: Mapped[str] = mapped_column(String(300))
    producer_name: Mapped[str] = mapped_column(String(300), default="")
    producer_kind: Mapped[str] = mapped_column(String(8), default="")
    commune: Mapped[str] = mapped_column(String(200), default="")
    group_id: Mapped[str] = mapped_column(String(60), default="")
    criteria_set_id: Mapped[str] = mapped_column(String(120))
    profile_id: Mapped[str] = mapped_column(String(60), default="")
    level: Mapped[str] = mapped_column(String(16), default="district")
    criteria_set_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    mean: Mapped[str | None] = mapped_column(String(20), nullable=True)
    star: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scorecards: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    held: Mapped[bool] = mapped_column(Boolean, default=False)  # waits on a conflict


class MergeConflict(Base):
    __tablename__ = "merge_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # duplicate-product | unknown-criteria-set
    product_code: Mapped[str] = mapped_column(String(40))
    council_id: Mapped[str] = mapped_column(String(60))
    other_council_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    envelope_id: Mapped[str] = mapped_column(ForeignKey("envelopes_received.envelope_id"))
    criteria_set_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


Index("ix_merged_current_code", MergedResult.current, MergedResult.product_code)
Index("ix_merged_council_session", MergedResult.council_id, MergedResult.session_id)
Index("ix_envelopes_council_subject", EnvelopeReceived.council_id, EnvelopeReceived.subject)
