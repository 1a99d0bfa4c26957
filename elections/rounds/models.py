"""An election round, its candidate criteria, and the election of each committee in it.

A round creates one committee election per active committee up front, so that progress across
all 7,007 committees is a grouped count over one table. The committee's district, township and
kind are copied onto its election (they are fixed by the code) to keep those counts join-free.
"""
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, false, func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..geography.models import Division
from ..rulesets import RULESETS, ruleset_for


class Round(db.Model):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    village_term: Mapped[int] = mapped_column(Integer)  # 届: the term the round elects for villages
    residential_term: Mapped[int] = mapped_column(Integer)
    ruleset: Mapped[str] = mapped_column(String(30))
    first_day: Mapped[date] = mapped_column(Date)  # the election window
    last_day: Mapped[date] = mapped_column(Date)
    training: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    policy: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    criteria_versions: Mapped[list["CriteriaVersion"]] = relationship(
        back_populates="round", order_by="CriteriaVersion.version")

    @property
    def rules(self):
        return RULESETS[self.ruleset]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def window(self) -> tuple[date, date]:
        return self.first_day, self.last_day

    def term_for(self, kind: str) -> int:
        return self.village_term if kind == "village" else self.residential_term


class CriteriaVersion(db.Model):
    """One version of the round's five-good / ten-cannot lists (R-CAND-3): never changed, only succeeded.

    Vetting records refer to the version they were made against.
    """

    __tablename__ = "criteria_versions"
    __table_args__ = (UniqueConstraint("round_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    items: Mapped[list] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(64))

    round: Mapped[Round] = relationship(back_populates="criteria_versions")


class CommitteeElection(db.Model):
    __tablename__ = "committee_elections"
    __table_args__ = (
        UniqueConstraint("round_id", "committee_code"),
        Index("ix_committee_elections_round_township", "round_id", "township_code"),
        Index("ix_committee_elections_round_district", "round_id", "district_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    committee_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"))
    district_code: Mapped[str] = mapped_column(String(12))
    township_code: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))  # residential / village
    # The plan (R-SIZE-1, R-MODE-1/2).
    mode: Mapped[str] = mapped_column(String(24), default="direct", server_default="direct")
    election_day: Mapped[date | None] = mapped_column(Date)
    seats_director: Mapped[int | None] = mapped_column(Integer)
    seats_deputy_director: Mapped[int | None] = mapped_column(Integer)
    seats_member: Mapped[int | None] = mapped_column(Integer)
    ballot_method: Mapped[str | None] = mapped_column(String(10))
    venue: Mapped[str | None] = mapped_column(String(200))
    # Progress.
    stage: Mapped[str] = mapped_column(String(24), default="setup", server_default="setup")
    first_counted_on: Mapped[date | None] = mapped_column(Date)  # R-COUNT-7: 15 days from here
    # Election day (polling.issuance): the electorate of the mode when voting began (R-MODE-3) and
    # the ballots issued so far, maintained with each issue, which the turnout pages add up.
    electorate: Mapped[int | None] = mapped_column(Integer)
    issued: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    round: Mapped[Round] = relationship()
    committee: Mapped[Division] = relationship()

    @property
    def rules(self):
        """The rule set of this committee's election: the one that governs its election day (rules.md),
        so a round whose window spans 2026-01-01 holds elections under both; the round's own until the
        day is planned."""
        return ruleset_for(self.election_day) if self.election_day else self.round.rules

    stage_changes: Mapped[list["StageChange"]] = relationship(
        back_populates="election", order_by="StageChange.id")
    members: Mapped[list["ElectionCommitteeMember"]] = relationship(
        back_populates="election", order_by="ElectionCommitteeMember.id")


class StageChange(db.Model):
    """The history of an election's stages: the calendar reads when each stage was reached."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    from_stage: Mapped[str] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24))
    on_date: Mapped[date] = mapped_column(Date)  # the Beijing day, which the deadlines are about
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(64))
    # A district official's override of a broken deadline: the rules overridden and why.
    overridden: Mapped[list | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)

    election: Mapped[CommitteeElection] = relationship(back_populates="stage_changes")


class ElectionCommitteeMember(db.Model):
    """A member of a committee's election committee (选举委员会). Members leave, they are not deleted:
    R-CAND-4 requires a record of who left because they were nominated."""

    __tablename__ = "election_committee_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    position: Mapped[str] = mapped_column(String(20))  # chair / deputy_chair / member
    phone: Mapped[str] = mapped_column(String(30), default="")
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(Text)

    election: Mapped[CommitteeElection] = relationship(back_populates="members")

    @property
    def active(self) -> bool:
        return self.left_on is None
