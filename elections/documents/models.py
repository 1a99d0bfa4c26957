"""Certificates of election, batch print jobs, and the lookups of the public verification page."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rounds.models import CommitteeElection


class Certificate(db.Model):
    """One member's certificate of election (当选证书, R-CERT-2), issued when the township certifies
    the result (R-CERT-3). Never deleted: an annulled win (R-COUNT-11) or a re-issue ends it with its
    date, and the public page says so; a re-issue is a new certificate that names the one it replaces."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(19), unique=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    ballot_number: Mapped[int] = mapped_column(Integer)
    post: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    term_number: Mapped[int] = mapped_column(Integer)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    issuing_authority: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="current", server_default="current")
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    printed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    election: Mapped[CommitteeElection] = relationship()
    replaces: Mapped["Certificate | None"] = relationship(remote_side=[id])


class PrintJob(db.Model):
    """A batch of documents printed in the background (documents.jobs): what, for which unit, how far."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    unit_code: Mapped[str] = mapped_column(String(12), index=True)
    only_new: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default="queued", server_default="queued")
    documents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pages_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pages_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    plan: Mapped[list] = mapped_column(JSON)  # the parts: lists of certificate, ballot or roll version ids
    parts_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    requested_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    size: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


class VerificationLookup(db.Model):
    """A look-up on the public verification page, kept for its rate limit per address."""

    __tablename__ = "verification_lookups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(45), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
