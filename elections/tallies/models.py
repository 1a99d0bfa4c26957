"""The ballots of a committee election and the tally sheets of their boxes.

A `Ballot` is one vote of the committee: the first, a revote among the tied (R-COUNT-6), a
supplementary election (R-COUNT-7), or the first ballot again after a void one (R-COUNT-1/2). It
holds what its record needs besides the tallies (posts and seats, candidates in ballot order,
those elected before), and once counted the record and the result, which are never recomputed
behind the user's back: `flask results recount` of the stored record gives the stored result.

A `TallySheet` is one box's sheet of one ballot (R-POLL-4: every box is counted at the central
venue); its `entries` are every figure anyone typed for it, in order, kept for the audit.
`version` makes two saves of the same sheet at once visible: the second is told, never lost.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..polling.models import PollingPlace
from ..rounds.models import CommitteeElection


class Ballot(db.Model):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("election_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, …: the register's `ballot_issues.ballot`
    kind: Mapped[str] = mapped_column(String(15))  # first | revote | supplementary
    revote_of: Mapped[str | None] = mapped_column(String(15))
    held_on: Mapped[date] = mapped_column(Date)
    posts: Mapped[list] = mapped_column(JSON)  # [{"post", "seats"}]: the seats this ballot fills
    candidates: Mapped[list] = mapped_column(JSON)  # [{"id", "name", "gender", "post"}] in ballot order
    elected_before: Mapped[list] = mapped_column(JSON)  # [{"post", "name", "gender"}]
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")  # open | counted
    record: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    counted_on: Mapped[date | None] = mapped_column(Date)
    # R-COUNT-8: the assembly's decision to leave the remaining seats empty {"on", "by", "note"}.
    seats_left_empty: Mapped[dict | None] = mapped_column(JSON)
    prepared_by: Mapped[str] = mapped_column(String(64))
    amended: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # R-CERT-3 amendments

    election: Mapped[CommitteeElection] = relationship()
    sheets: Mapped[list["TallySheet"]] = relationship(back_populates="ballot", order_by="TallySheet.id")


class TallySheet(db.Model):
    __tablename__ = "tally_sheets"
    __table_args__ = (UniqueConstraint("ballot_id", "place_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("polling_places.id"))
    # entered (one entry, waiting for the second or for review) | mismatch | final
    status: Mapped[str] = mapped_column(String(10))
    figures: Mapped[dict | None] = mapped_column(JSON)  # the final figures
    notes: Mapped[dict] = mapped_column(JSON, default=dict)  # warning code → the note that explains it
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                 onupdate=func.now())

    ballot: Mapped[Ballot] = relationship(back_populates="sheets")
    place: Mapped[PollingPlace] = relationship()
    entries: Mapped[list["TallyEntry"]] = relationship(back_populates="sheet", order_by="TallyEntry.id")


class TallyEntry(db.Model):
    """What one person typed for a sheet: a clerk's entry, a reviewer's correction or review, or an
    amendment after certification (R-CERT-3), with the notes and the reason they gave."""

    __tablename__ = "tally_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("tally_sheets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # entry | correction | review | amendment
    figures: Mapped[dict] = mapped_column(JSON)
    notes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    superseded: Mapped[bool] = mapped_column(default=False)  # an entry of a mismatch that was resolved

    sheet: Mapped[TallySheet] = relationship(back_populates="entries")


class Annulment(db.Model):
    """R-COUNT-11: an elected member's win annulled by the city or district; the seat is vacant
    for a by-election."""

    __tablename__ = "annulments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id"))
    post: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(Text)
    on_date: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(64))
