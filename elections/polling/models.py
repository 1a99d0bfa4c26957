"""Election day: where a committee votes, who staffs each place, the written proxies, and the register
of ballots issued.

The register (`BallotIssue`) is the turnout: one row per elector and ballot, which the database
itself keeps unique (R-POLL-3), so that no retry or parallel request can issue twice. A committee's
count of ballots issued is maintained beside it, in the same transaction as each issue
(`CommitteeElection.issued`), which the township, district and city pages add up without reading
the register; a committee's page counts its places' issues from the register (an index on the
place), which is a few thousand rows at most.
"""
from datetime import date, datetime, time

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rolls.models import Voter
from ..rounds.models import CommitteeElection


class PollingPlace(db.Model):
    """The central venue (中心会场), a polling station (投票站) or a mobile ballot box (流动票箱)
    (R-POLL-1). A station or box serves the voters of `serves`: groups, households and single
    voters by id; the central venue serves everybody no station serves."""

    __tablename__ = "polling_places"
    __table_args__ = (
        UniqueConstraint("election_id", "name"),
        Index("uq_polling_places_one_central", "election_id", unique=True,
              sqlite_where=text("kind = 'central'"), postgresql_where=text("kind = 'central'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # central / station / mobile
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    serves: Mapped[dict] = mapped_column(JSON, default=dict)  # {"groups": [...], "households": [...], "voters": [...]}
    created_by: Mapped[str] = mapped_column(String(64))

    election: Mapped[CommitteeElection] = relationship()
    staff: Mapped[list["StaffAssignment"]] = relationship(back_populates="place", order_by="StaffAssignment.id",
                                                          cascade="all, delete-orphan")


class StaffAssignment(db.Model):
    """A person of the roll assigned to a staff role at a place (R-POLL-1, R-CAND-6). An issuer may
    have an account of their own (`user_id`), the same one at each place they issue at."""

    __tablename__ = "polling_staff"
    __table_args__ = (UniqueConstraint("place_id", "voter_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("polling_places.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    role: Mapped[str] = mapped_column(String(20))  # labels.STAFF_ROLES
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_on: Mapped[date] = mapped_column(Date)
    assigned_by: Mapped[str] = mapped_column(String(64))

    place: Mapped[PollingPlace] = relationship(back_populates="staff")
    voter: Mapped[Voter] = relationship()


class Proxy(db.Model):
    """A written proxy (委托投票, R-POLL-2 / R26-POLL): the principal's ballot is issued to the holder.
    A principal has at most one proxy that stands; a withdrawn one stays on record."""

    __tablename__ = "proxies"
    __table_args__ = (
        Index("uq_proxies_principal_standing", "principal_id", unique=True,
              sqlite_where=text("withdrawn_on IS NULL"), postgresql_where=text("withdrawn_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    holder_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    signed_on: Mapped[date] = mapped_column(Date)  # the day of the written authorisation
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # why the principal is away
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    principal: Mapped[Voter] = relationship(foreign_keys=[principal_id])
    holder: Mapped[Voter] = relationship(foreign_keys=[holder_id])


class BallotIssue(db.Model):
    """One ballot issued (R-POLL-3): to the elector, or to their proxy holder (`proxy_id`). `key` is
    the client's id of the request, so that a retried request returns this issue instead of a second."""

    __tablename__ = "ballot_issues"
    __table_args__ = (UniqueConstraint("election_id", "ballot", "voter_id", name="uq_ballot_issues_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    ballot: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))  # 1: the first ballot
    place_id: Mapped[int] = mapped_column(ForeignKey("polling_places.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    proxy_id: Mapped[int | None] = mapped_column(ForeignKey("proxies.id"))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(String(64))

    place: Mapped[PollingPlace] = relationship()
    voter: Mapped[Voter] = relationship()
