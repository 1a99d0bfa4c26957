"""Nomination, vetting and the published candidate list of each committee election.

A person nominated in an election is one `Nominee`, whatever the posts and ways they were named
for: vetting, relatives and withdrawal are about the person. Their `Nomination`s say for which
post and with how many nomination votes (a village meeting's tally, or the signers of a joint
nomination). A published `CandidateList` is a frozen copy, since it fixes the ballot order
(R-CAND-5) and must read the same after later withdrawals; a withdrawal re-issues it as N+1.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rolls.models import Voter
from ..rounds.models import CommitteeElection, CriteriaVersion

class NominationMeeting(db.Model):
    """A village's nomination meeting (R-CAND-1): valid only if more than half of the registered
    voters attend. `invalid` counts, per post, the ballots naming more people than it has seats."""

    __tablename__ = "nomination_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), unique=True)
    held_on: Mapped[date] = mapped_column(Date)
    registered: Mapped[int] = mapped_column(Integer)  # the roll on the day, which the quorum is about
    attendance: Mapped[int] = mapped_column(Integer)
    ballots_cast: Mapped[int] = mapped_column(Integer)
    invalid: Mapped[dict] = mapped_column(JSON)  # post -> invalid ballots for that post
    recorded_by: Mapped[str] = mapped_column(String(64))

    election: Mapped[CommitteeElection] = relationship()


class Nominee(db.Model):
    __tablename__ = "nominees"
    __table_args__ = (UniqueConstraint("election_id", "voter_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))  # R-CAND-1: a registered voter here
    name: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str] = mapped_column(String(1))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The profile the statistics of who was elected read (candidates.profile); None: not recorded.
    education: Mapped[str | None] = mapped_column(String(20))  # profile.EDUCATION
    ethnicity: Mapped[str | None] = mapped_column(String(10))  # one of profile.ETHNIC_GROUPS, 汉族 …
    party_member: Mapped[bool | None] = mapped_column(Boolean)  # 中共党员
    incumbent: Mapped[bool | None] = mapped_column(Boolean)  # a member of the outgoing committee (连选连任)
    party_secretary: Mapped[bool | None] = mapped_column(Boolean)  # the Party secretary here (一肩挑 if director)

    election: Mapped[CommitteeElection] = relationship()
    voter: Mapped[Voter] = relationship()
    nominations: Mapped[list["Nomination"]] = relationship(back_populates="nominee", order_by="Nomination.id")
    relatives: Mapped[list["Relative"]] = relationship(back_populates="nominee", order_by="Relative.id")
    vetting: Mapped["VettingFile | None"] = relationship(back_populates="nominee")


class Nomination(db.Model):
    """One way a nominee was named for a post: the meeting's votes, or one joint nomination sheet."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"), index=True)
    post: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(30))  # meeting, or a joint method of the rule set (R-CAND-1)
    votes: Mapped[int] = mapped_column(Integer)  # meeting: its tally; joint: the valid signers
    submitted_on: Mapped[date] = mapped_column(Date)
    # A joint nomination sheet's identity (nominee, post, method, signers): the same sheet is
    # recorded once, however many times it is sent at the same moment. None for a meeting's.
    fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    # R26-CAND: a Party organisation's nomination is a decision of the organisation: which body
    # decided it, and its document number; `votes` are the votes of that decision.
    decision_body: Mapped[str | None] = mapped_column(String(100))
    decision_ref: Mapped[str | None] = mapped_column(String(100))

    nominee: Mapped[Nominee] = relationship(back_populates="nominations")
    signers: Mapped[list["NominationSigner"]] = relationship(back_populates="nomination")


class NominationSigner(db.Model):
    __tablename__ = "nomination_signers"
    __table_args__ = (UniqueConstraint("nomination_id", "voter_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    voter_id: Mapped[int] = mapped_column(ForeignKey("voters.id"))

    nomination: Mapped[Nomination] = relationship(back_populates="signers")
    voter: Mapped[Voter] = relationship()


class PostChoice(db.Model):
    """The election committee's choices for one post (R-CAND-2): how many candidates beyond the
    seats, and its recorded decision on a tie at the cut-off."""

    __tablename__ = "post_choices"
    __table_args__ = (UniqueConstraint("election_id", "post"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"))
    post: Mapped[str] = mapped_column(String(20))
    margin: Mapped[int] = mapped_column(Integer, default=1)
    tie_order: Mapped[list | None] = mapped_column(JSON)  # nominee ids, as the decision ranks them
    tie_reason: Mapped[str | None] = mapped_column(Text)
    tie_decided_on: Mapped[date | None] = mapped_column(Date)
    tie_decided_by: Mapped[str | None] = mapped_column(String(64))


class Relative(db.Model):
    """A spouse or relative of a nominee, for R-CAND-6 (no election staff) and R26-CAND."""

    __tablename__ = "relatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str | None] = mapped_column(String(18))
    relation: Mapped[str] = mapped_column(String(20))

    nominee: Mapped[Nominee] = relationship(back_populates="relatives")


class VettingFile(db.Model):
    """R-CAND-3: a nominee's vetting against one version of the round's criteria, and the
    township's decision. `number` numbers the written decisions of a township in a round."""

    __tablename__ = "vetting_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id"), unique=True)
    criteria_version_id: Mapped[int] = mapped_column(ForeignKey("criteria_versions.id"))
    decision: Mapped[str | None] = mapped_column(String(10))  # qualified / barred
    barred_items: Mapped[list | None] = mapped_column(JSON)
    evidence: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(64))

    nominee: Mapped[Nominee] = relationship(back_populates="vetting")
    criteria: Mapped[CriteriaVersion] = relationship()
    assessments: Mapped[list["Assessment"]] = relationship(back_populates="file", order_by="Assessment.id")
    findings: Mapped[list["Finding"]] = relationship(back_populates="file", order_by="Finding.id")


class Assessment(db.Model):
    """A five-good item assessed: meets / does not meet, with a note."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("file_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("vetting_files.id"))
    item_id: Mapped[str] = mapped_column(String(20))
    meets: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    file: Mapped[VettingFile] = relationship(back_populates="assessments")


class Finding(db.Model):
    """One department's answer on one ten-cannot item: whether it holds, on what evidence, found on
    which day; `ended_on` (a penalty ended, say) lets an item's look-back period lapse."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("file_id", "item_id", "department"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("vetting_files.id"))
    item_id: Mapped[str] = mapped_column(String(20))
    department: Mapped[str] = mapped_column(String(40))
    holds: Mapped[bool] = mapped_column(Boolean)
    evidence: Mapped[str] = mapped_column(Text, default="")
    found_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    file: Mapped[VettingFile] = relationship(back_populates="findings")


class CandidateList(db.Model):
    """A published candidate list (候选人名单公告), frozen. `entries` hold, in ballot order, each
    candidate's post, nominee id, name, sex and nomination votes; a re-issue after a withdrawal
    also lists who withdrew, when and why (`withdrawn`)."""

    __tablename__ = "candidate_lists"
    __table_args__ = (UniqueConstraint("election_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    published_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(64))
    entries: Mapped[list] = mapped_column(JSON)
    withdrawn: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was re-issued

    election: Mapped[CommitteeElection] = relationship()
