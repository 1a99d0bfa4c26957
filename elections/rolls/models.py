"""The voter roll of each committee election: residents' / villagers' groups, households, voters,
the published versions of the list, the changes after publication, objections, and imports.

A voter belongs to one committee election of one round, so R-ROLL-3 (one roll per person per
round, city-wide) is a unique index on (round, ID number) over the voters not removed. A published
version is not a copy: a voter carries the version that first listed them and the version whose
publication removed them, so version N is the voters with listed_in <= N < delisted_in, and the
changes of version N are those listed or delisted in N.
"""
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, JSON,
                        SmallInteger, String, Text, UniqueConstraint, false, func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rounds.models import CommitteeElection

STATUSES = ("registered", "not_registered", "removed")


class VoterGroup(db.Model):
    """A residents' group (居民小组) or villagers' group (村民小组) of one committee."""

    __tablename__ = "voter_groups"
    __table_args__ = (UniqueConstraint("election_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    name: Mapped[str] = mapped_column(String(50))

    election: Mapped[CommitteeElection] = relationship()
    households: Mapped[list["Household"]] = relationship(back_populates="group", order_by="Household.number")
    representatives: Mapped[list["GroupRepresentative"]] = relationship(
        back_populates="group", order_by="GroupRepresentative.id")


class Household(db.Model):
    """A registered household (户). In household mode its representative (a voter flagged
    `household_representative`) casts its one vote (R-MODE-2)."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("election_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    number: Mapped[str] = mapped_column(String(30))  # 户号, as the committee numbers its households
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("voter_groups.id"), index=True)

    group: Mapped[VoterGroup | None] = relationship(back_populates="households")
    voters: Mapped[list["Voter"]] = relationship(back_populates="household", order_by="Voter.id")


class Voter(db.Model):
    __tablename__ = "voters"
    __table_args__ = (
        # R-ROLL-3: on at most one roll per round, city-wide; a removed entry no longer counts.
        Index("uq_voters_round_id_number", "round_id", "id_number", unique=True,
              sqlite_where=text("status <> 'removed'"), postgresql_where=text("status <> 'removed'")),
        Index("ix_voters_election_household", "election_id", "household_id"),
        Index("uq_voters_election_number", "election_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    # The voter's number on this roll (编号): sequential within the committee election, in the order
    # people were added, and never changed, so the lists, the cards and objections all cite it.
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))  # R-ROLL-6: checked, upper-case X
    sex: Mapped[str] = mapped_column(String(1))  # M / F, as the ID number says
    birth_date: Mapped[date] = mapped_column(Date)
    hukou_place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    category: Mapped[int] = mapped_column(SmallInteger)  # R-ROLL-2
    # R-ROLL-2 consent for the categories that need it: the body and the day.
    consent_body: Mapped[str | None] = mapped_column(String(30))
    consent_on: Mapped[date | None] = mapped_column(Date)
    # R26-ROLL: the day the person said they will take part, for the categories that register only so.
    opted_in_on: Mapped[date | None] = mapped_column(Date)
    household_representative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # registered / not_registered (R-ROLL-4 or consent pending) / removed (R-ROLL-7), with the
    # reason and the day of the latest change.
    status: Mapped[str] = mapped_column(String(16), default="registered", server_default="registered")
    status_reason: Mapped[str | None] = mapped_column(String(40))
    status_on: Mapped[date] = mapped_column(Date)
    added_on: Mapped[date] = mapped_column(Date)
    # The published versions (RollVersion.number) that first listed and that removed this voter.
    listed_in: Mapped[int | None] = mapped_column(Integer)
    delisted_in: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("roll_imports.id"))

    household: Mapped[Household] = relationship(back_populates="voters")
    election: Mapped[CommitteeElection] = relationship()


class GroupRepresentative(db.Model):
    """A representative a residents' group elected (R-MODE-2), who votes in group-representative mode."""

    __tablename__ = "group_representatives"
    __table_args__ = (UniqueConstraint("group_id", "voter_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("voter_groups.id"))
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    elected_on: Mapped[date] = mapped_column(Date)

    group: Mapped[VoterGroup] = relationship(back_populates="representatives")
    voter: Mapped[Voter] = relationship()


class VoterRelative(db.Model):
    """Two voters of one committee who are near relatives (近亲属), recorded once per pair, the lower
    voter id first: R26-SIZE bars near relatives from one committee, the candidate list warns and the
    count applies R26-RELATIVES."""

    __tablename__ = "voter_relatives"
    __table_args__ = (UniqueConstraint("voter_id", "relative_id", name="uq_voter_relatives_pair"),
                      CheckConstraint("voter_id < relative_id", name="ck_voter_relatives_ordered"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))
    relative_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # conflicts.NEAR, said from voter_id's side
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))

    voter: Mapped[Voter] = relationship(foreign_keys=[voter_id])
    relative: Mapped[Voter] = relationship(foreign_keys=[relative_id])


class RollVersion(db.Model):
    """One publication of a committee's voter list (R-ROLL-5, R-ROLL-7): numbered from 1, frozen."""

    __tablename__ = "roll_versions"
    __table_args__ = (UniqueConstraint("election_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    number: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(64))
    # The electorate as published (R-MODE-3) and the changes since the version before.
    registered: Mapped[int] = mapped_column(Integer)
    households: Mapped[int] = mapped_column(Integer)
    representatives: Mapped[int] = mapped_column(Integer)
    additions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    removals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A late first publication, overridden by a district official: the rules and why.
    overridden: Mapped[list | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    election: Mapped[CommitteeElection] = relationship()


class RollChange(db.Model):
    """R-ROLL-7: an addition to or removal from a published roll, with its reason and day, until it
    is published in the next version."""

    __tablename__ = "roll_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # addition / removal
    reason: Mapped[str] = mapped_column(String(30))  # eligibility.ADDITION_REASONS / REMOVAL_REASONS
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    on_date: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(64))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"))
    published_in: Mapped[int | None] = mapped_column(Integer)

    voter: Mapped[Voter] = relationship()


class Objection(db.Model):
    """An objection to a published voter list (R-ROLL-5): lodged within 5 days of publication,
    decided in writing within 3 days of receipt; upheld, it changes the roll (R-ROLL-7)."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)  # the publication objected to
    lodged_by: Mapped[str] = mapped_column(String(50))
    lodger_contact: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # add: someone left off the list should be on it; remove: someone on it should not be.
    request: Mapped[str] = mapped_column(String(10))
    subject_name: Mapped[str] = mapped_column(String(50))
    subject_id_number: Mapped[str | None] = mapped_column(String(18))
    subject_voter_id: Mapped[int | None] = mapped_column(ForeignKey("voters.id"))
    grounds: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(String(10))  # upheld / rejected
    decision_text: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(64))

    election: Mapped[CommitteeElection] = relationship()
    subject: Mapped[Voter | None] = relationship()


class RollImport(db.Model):
    """An uploaded roll file: checked into staging rows, then applied whole or discarded."""

    __tablename__ = "roll_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    scope_code: Mapped[str] = mapped_column(String(12))  # the unit it was uploaded for
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(String(10), default="checked")  # checked / rejected / applied / discarded / superseded
    rows: Mapped[int] = mapped_column(Integer, default=0)
    bad_rows: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict | None] = mapped_column(JSON)  # per committee: voters, households, groups
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    applied_by: Mapped[str | None] = mapped_column(String(64))


class ImportRow(db.Model):
    """A good row of a checked import, waiting to be applied."""

    __tablename__ = "roll_import_rows"
    __table_args__ = (Index("ix_roll_import_rows_import_id_number", "import_id", "id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("roll_imports.id"))
    row: Mapped[int] = mapped_column(Integer)  # as the spreadsheet numbers it: the header is row 1
    election_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    household: Mapped[str] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(200), default="")
    group_name: Mapped[str] = mapped_column(String(50), default="")
    category: Mapped[int] = mapped_column(SmallInteger)
    hukou_place: Mapped[str] = mapped_column(String(200), default="")
    household_representative: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_body: Mapped[str | None] = mapped_column(String(30))
    consent_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(String(40))
    # The row's place among its committee's good rows (1, 2, …): the voter's number on the roll is
    # the roll's last number plus this, so applying needs no sort (a window function would).
    seq: Mapped[int] = mapped_column(Integer, server_default="0")
    opted_in_on: Mapped[date | None] = mapped_column(Date)  # R26-ROLL
    # R26-SIZE: the row's near relatives as the file gives them, "ID number:relation;…".
    relatives: Mapped[str | None] = mapped_column(Text)


class ImportProblem(db.Model):
    """A problem found in an import: the row and column, and the message as a msgid with its
    parameters, so the report is shown in the reader's language."""

    __tablename__ = "roll_import_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("roll_imports.id"), index=True)
    row: Mapped[int | None] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(30))
    message: Mapped[str] = mapped_column(Text)
    params: Mapped[dict] = mapped_column(JSON)
    rule: Mapped[str | None] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(50))  # the person of the row, as the file names them
    # "error": the import cannot be applied until the file is corrected; "notice": it can, and the
    # row is imported as it says (a category 3 or 4 villager without consent is not registered,
    # R-ROLL-2). Written on every entry; nullable only so that the column could be added in place.
    severity: Mapped[str | None] = mapped_column(String(10), server_default="error")
