"""Nomination, vetting and publication of a committee election's candidates.

Each operation checks the law (nomination, slate, vetting, conflicts), changes the records and
writes its audit entry, flushed for the request or command to commit (`transactions`), or raises
`CandidatesError` with every problem and the unit of work writes nothing.
"""
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..audit.services import actor_name, record
from ..clock import beijing_today
from ..extensions import db
from ..messages import N_, Problem
from ..rolls import idnumber, relatives
from ..rolls.models import GroupRepresentative, Voter
from ..roles import Role
from ..rounds import services as rounds
from ..transactions import Refusal
from ..rounds import stages
from ..rounds.models import CommitteeElection
from ..rulesets import POSTS
from ..statistics import figures
from . import conflicts, nomination, profile, slate
from .vetting import law as vetting
from .labels import POST_LABELS
from .models import (Assessment, CandidateList, Finding, Nomination, NominationMeeting, NominationSigner, Nominee,
                     PostChoice, Relative, VettingFile)

WITHDRAWAL_REASON = "被提名为候选人，依法退出选举委员会（R-CAND-4）"
RELATIVE_WITHDRAWAL_REASON = "近亲属被提名为候选人，依法退出选举委员会（R26-CAND）"


class CandidatesError(Refusal):
    pass


def _refuse(message: str, params: dict | None = None, *, rule: str | None = None, field: str | None = None):
    raise CandidatesError([Problem(message, params or {}, rule=rule, field=field)])


# ---- reading ---------------------------------------------------------------------------------

def nominees(election: CommitteeElection) -> list[Nominee]:
    return list(db.session.scalars(
        select(Nominee).where(Nominee.election_id == election.id).order_by(Nominee.id)
        .options(selectinload(Nominee.nominations).selectinload(Nomination.signers),
                 selectinload(Nominee.vetting).selectinload(VettingFile.findings),
                 selectinload(Nominee.vetting).selectinload(VettingFile.assessments),
                 selectinload(Nominee.relatives))))


def nominee(election: CommitteeElection, nominee_id: int) -> Nominee | None:
    found = db.session.get(Nominee, nominee_id)
    return found if found is not None and found.election_id == election.id else None


def meeting(election: CommitteeElection) -> NominationMeeting | None:
    return db.session.scalar(select(NominationMeeting).where(NominationMeeting.election_id == election.id))


def votes_of(person: Nominee) -> dict[str, int]:
    """Nomination votes per post: the meeting's tally, the votes of the Party organisation's decision
    (R26-CAND), and the distinct signers of the joint nominations (someone who signed two sheets for
    the same person and post counts once), added together."""
    votes, signers = defaultdict(int), defaultdict(set)
    for entry in person.nominations:
        if entry.method in ("meeting", "party_organisation"):
            votes[entry.post] += entry.votes
        else:
            signers[entry.post].update(s.voter_id for s in entry.signers)
    for post, ids in signers.items():
        votes[post] += len(ids)
    return dict(votes)


def seats_of(election: CommitteeElection) -> dict[str, int]:
    return {post: getattr(election, f"seats_{post}") or 0 for post in POSTS}


def choices(election: CommitteeElection) -> dict[str, PostChoice]:
    return {c.post: c for c in db.session.scalars(select(PostChoice).where(PostChoice.election_id == election.id))}


def criteria_items(person: Nominee) -> list[dict]:
    """The criteria a nominee is vetted against: their file's version, else the round's current one,
    the items that apply to their committee's kind."""
    items = person.vetting.criteria.items if person.vetting is not None else \
        rounds.current_criteria(person.election.round).items
    return vetting.items_for(items, person.election.kind)


def progress_of(person: Nominee) -> vetting.Progress:
    file = person.vetting
    assessments = {a.item_id: a.meets for a in file.assessments} if file else {}
    facts = [vetting.FindingFact(f.item_id, f.department, f.holds, f.ended_on) for f in file.findings] if file else []
    return vetting.progress(criteria_items(person), assessments, facts, person.election.election_day)


def vetting_stage(person: Nominee) -> str:
    if person.withdrawn_on is not None:
        return "withdrawn"
    if person.vetting is None:
        return "not_started"
    return vetting.stage(progress_of(person), person.vetting.decision)


def _standing(person: Nominee) -> slate.Standing:
    out = person.withdrawn_on is not None or (person.vetting is not None and person.vetting.decision == "barred")
    return slate.Standing(person.id, person.name, person.sex, votes_of(person), out)


@dataclass
class Slate:
    """The candidates as they stand now, and what stops or should give pause to publishing them."""

    posts: list[slate.PostSlate]
    people: dict[int, Nominee]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def chosen(self) -> list[tuple[str, Nominee]]:
        return [(p.post, self.people[key]) for p in self.posts for key in p.chosen]


def current_slate(election: CommitteeElection, people: list[Nominee] | None = None) -> Slate:
    people = nominees(election) if people is None else people
    by_id = {p.id: p for p in people}
    standings = {p.id: _standing(p) for p in people}
    made = choices(election)
    posts = slate.choose(list(standings.values()), seats_of(election),
                         {post: c.margin for post, c in made.items()},
                         {post: c.tie_order for post, c in made.items() if c.tie_order})
    rules = election.rules
    result = Slate(posts, by_id)
    result.problems = slate.problems(posts, allow_uncontested=uncontested_allowed(election), names=POST_LABELS)
    for post, person in result.chosen():
        if vetting_stage(person) != "qualified":
            result.problems.append(Problem(N_("%(name)s has not passed vetting yet."), {"name": person.name},
                                           rule="R-CAND-3"))
    result.warnings = slate.warnings(posts, standings, min_women=women_required(election), names=POST_LABELS,
                                     relatives=related_nominees(election, people) if rules.relatives_barred else set(),
                                     women_rule="R26-SIZE" if rules.women_by_law else "R-SIZE-3")
    return result


def uncontested_allowed(election: CommitteeElection) -> bool:
    """R-CAND-2's decision, the round's switch, unless the law of the election day requires more
    candidates than seats (R26-CAND)."""
    return election.round.policy.get("allow_uncontested", False) and not election.rules.contested_by_law


def women_required(election: CommitteeElection) -> int:
    """R-SIZE-3's decision, the round's number, at least one where the law requires it (R26-SIZE)."""
    return max(election.round.policy.get("min_women", 0), 1 if election.rules.women_by_law else 0)


def related_nominees(election: CommitteeElection, people: list[Nominee]) -> set[frozenset[int]]:
    """Pairs of nominees (by nominee id) who are near relatives (R26-SIZE): linked on the roll, or
    one declared as the other's relative by ID number."""
    by_voter = {p.voter_id: p.id for p in people}
    found = {frozenset(by_voter[v] for v in pair) for pair in relatives.pairs(election.id) if pair <= by_voter.keys()}
    by_id_number = {p.voter.id_number: p.id for p in people}
    for person in people:
        for kin in person.relatives:
            if kin.relation in conflicts.NEAR and by_id_number.get(kin.id_number) not in (None, person.id):
                found.add(frozenset((person.id, by_id_number[kin.id_number])))
    return found


def lists(election: CommitteeElection) -> list[CandidateList]:
    return list(db.session.scalars(select(CandidateList).where(CandidateList.election_id == election.id)
                                   .order_by(CandidateList.number)))


def latest_list(election: CommitteeElection) -> CandidateList | None:
    return db.session.scalar(select(CandidateList).where(CandidateList.election_id == election.id)
                             .order_by(CandidateList.number.desc()).limit(1))


def published_candidates(election: CommitteeElection) -> list[dict]:
    """The candidates of the latest published list, in ballot order (R-CAND-5)."""
    latest = latest_list(election)
    return list(latest.entries) if latest else []


# ---- conflicts (R-CAND-4, R-CAND-6) ------------------------------------------------------------

def _candidates_and_kin(election: CommitteeElection) -> tuple[list[conflicts.Person], list[conflicts.Kin]]:
    """Candidates are those of the published list, or before publication every nominee still
    standing: staff and proxies are assigned after the list, and a nominee is kept clear early."""
    entries = published_candidates(election)
    ids = {e["nominee"] for e in entries} if entries else None
    people = [p for p in nominees(election) if p.withdrawn_on is None and (ids is None or p.id in ids)]
    candidates, kin = [], []
    for person in people:
        me = conflicts.Person(person.name, person.voter.id_number)
        candidates.append(me)
        kin += _kin(person, me)
    return candidates, kin


def _kin(person: Nominee, me: conflicts.Person) -> list[conflicts.Kin]:
    """A nominee's relatives: those they declared (R-CAND-6), and their near relatives recorded on
    the roll (R26-SIZE)."""
    return ([conflicts.Kin(conflicts.Person(r.name, r.id_number), r.relation, me) for r in person.relatives]
            + [conflicts.Kin(conflicts.Person(other.name, other.id_number), relation, me)
               for _link, other, relation in relatives.relatives_of(person.voter)])


def staff_problems(election: CommitteeElection, name: str, id_number: str | None = None) -> list[Problem]:
    """R-CAND-6: may this person be a scrutineer, caller, counter, ballot writer or other staff?
    The polling and tally features call this wherever they assign staff."""
    candidates, kin = _candidates_and_kin(election)
    problem = conflicts.staff_problem(conflicts.Person(name, id_number), candidates, kin)
    return [problem] if problem else []


def proxy_holder_problems(election: CommitteeElection, name: str, id_number: str | None = None) -> list[Problem]:
    """R-CAND-6: candidates may not hold proxies; polling calls this when it records a proxy."""
    candidates, _ = _candidates_and_kin(election)
    problem = conflicts.proxy_problem(conflicts.Person(name, id_number), candidates)
    return [problem] if problem else []


def _withdraw_election_committee(election: CommitteeElection, actor, today: date) -> None:
    """R-CAND-4 (R26-CAND): members who are nominated, or whose near relative is, leave."""
    people = [p for p in nominees(election) if p.withdrawn_on is None]
    members = [(m.id, conflicts.Person(m.name)) for m in election.members if m.active]
    named = [conflicts.Person(p.name) for p in people]
    kin = [k for p in people for k in _kin(p, conflicts.Person(p.name))]
    themselves = set(conflicts.must_withdraw(members, named, [], relatives_too=False))
    relatives_too = election.rules.relatives_withdraw
    everyone = conflicts.must_withdraw(members, named, kin, relatives_too=relatives_too)
    rounds.withdraw_members(election, sorted(themselves), WITHDRAWAL_REASON, actor, today=today)
    rounds.withdraw_members(election, [i for i in everyone if i not in themselves], RELATIVE_WITHDRAWAL_REASON,
                            actor, today=today)


# ---- nomination (R-CAND-1) --------------------------------------------------------------------

def _require_stage(election: CommitteeElection, stage: str = "nomination") -> None:
    """Refuses unless the election is at `stage`; and holds the election's row until the unit of
    work ends, so that two people changing one committee's candidates at the same moment take
    turns, and the second sees what the first did (the same joint nomination sent twice, the same
    person nominated by two sheets at once). SQLite already takes the write lock at BEGIN."""
    db.session.execute(select(CommitteeElection.id).where(CommitteeElection.id == election.id).with_for_update())
    if not election.round.is_open:
        _refuse(N_("This round is closed: it can be read but not changed."))
    if election.stage != stage and stage == "nomination":
        _refuse(N_("This is done while the election is at nomination."), rule="R-CAND-1")
    if election.stage != stage:
        _refuse(N_("Only a published candidate list can be re-issued."), rule="R-CAND-5")


def open_nomination(election: CommitteeElection, actor=None, *, today: date | None = None,
                    override_reason: str | None = None) -> None:
    """Nomination follows the published voter list (the rounds' calendar checks the move)."""
    _move_stage(election, "nomination", actor, today, override_reason)


def find_voter(election: CommitteeElection, who: str) -> Voter | None:
    """A registered voter of this committee, by ID number or, when unique, by name."""
    who = who.strip()
    if not who:
        return None
    registered = (Voter.election_id == election.id, Voter.status == "registered")
    if who[:1].isdigit():
        return db.session.scalar(select(Voter).where(*registered, Voter.id_number == who.upper()))
    found = db.session.scalars(select(Voter).where(*registered, Voter.name == who).limit(2)).all()
    return found[0] if len(found) == 1 else None


def _nominee_for(election: CommitteeElection, voter: Voter, *, again: bool = False) -> Nominee:
    """The voter's nominee record, new if need be. `again`: a corrected tally may name someone who
    has withdrawn since (the tally is what the meeting said); they stay withdrawn."""
    person = db.session.scalar(select(Nominee).where(Nominee.election_id == election.id,
                                                     Nominee.voter_id == voter.id))
    if person is None:
        person = Nominee(election_id=election.id, voter_id=voter.id, name=voter.name, sex=voter.sex)
        db.session.add(person)
        db.session.flush()
    elif person.withdrawn_on is not None and not again:
        _refuse(N_("%(name)s has withdrawn and cannot be nominated again."), {"name": voter.name})
    return person


@dataclass(frozen=True)
class TallyRow:
    line: int
    who: str  # ID number or name
    post: str
    votes: int


def record_meeting(election: CommitteeElection, *, held_on: date, attendance: int, ballots_cast: int,
                   invalid: dict[str, int], rows: list[TallyRow], actor=None, today: date | None = None
                   ) -> NominationMeeting:
    """A village's nomination meeting and its tally, whole (R-CAND-1). Recording it again
    replaces the tally; nominees it no longer names are dropped unless vetting has begun."""
    _require_stage(election)
    today = today or beijing_today()
    if "meeting" not in election.rules.nomination_methods[election.kind]:
        _refuse(N_("This committee does not nominate at a meeting."), rule="R-CAND-1")
    if held_on > today:
        _refuse(N_("The meeting cannot be later than today."), field="held_on")
    registered = db.session.scalar(select(func.count()).where(Voter.election_id == election.id,
                                                               Voter.status == "registered"))
    voters = {row.line: find_voter(election, row.who) for row in rows}
    lines = [nomination.TallyLine(row.line, voters[row.line].id if voters[row.line] else None, row.post, row.votes)
             for row in rows]
    problems = nomination.meeting_problems(registered=registered, attendance=attendance, ballots_cast=ballots_cast,
                                           seats=seats_of(election), invalid=invalid, lines=lines)
    if problems:
        raise CandidatesError(problems)
    found = meeting(election)
    before = None
    if found is None:
        found = NominationMeeting(election_id=election.id)
        db.session.add(found)
    else:
        before = {"held_on": found.held_on.isoformat(), "attendance": found.attendance,
                  "ballots_cast": found.ballots_cast, "invalid": found.invalid}
        _drop_meeting_nominations(election)
    found.held_on, found.registered, found.attendance = held_on, registered, attendance
    found.ballots_cast, found.invalid, found.recorded_by = ballots_cast, dict(invalid), actor_name(actor)
    tally = []
    for row in rows:
        person = _nominee_for(election, voters[row.line], again=True)
        db.session.add(Nomination(nominee_id=person.id, post=row.post, method="meeting", votes=row.votes,
                                  submitted_on=held_on))
        tally.append({"name": person.name, "post": row.post, "votes": row.votes})
    db.session.flush()
    db.session.expire_all()
    record(actor, election.committee_code, "nomination.meeting", "nomination_meeting", election.id, before=before,
           after={"held_on": held_on.isoformat(), "registered": registered, "attendance": attendance,
                  "ballots_cast": ballots_cast, "invalid": dict(invalid), "tally": tally})
    _withdraw_election_committee(db.session.get(CommitteeElection, election.id), actor, today)
    return found


def _drop_meeting_nominations(election: CommitteeElection) -> None:
    """Before a corrected tally: its nominations go, and so do nominees left with none, unless
    their vetting has begun (their file is kept, and they simply stand for no post)."""
    ids = select(Nominee.id).where(Nominee.election_id == election.id).scalar_subquery()
    db.session.execute(delete(Nomination).where(Nomination.nominee_id.in_(ids), Nomination.method == "meeting"))
    orphans = list(db.session.scalars(select(Nominee.id).where(
        Nominee.election_id == election.id,
        ~select(Nomination.id).where(Nomination.nominee_id == Nominee.id).exists(),
        ~select(VettingFile.id).where(VettingFile.nominee_id == Nominee.id).exists())))
    if orphans:
        db.session.execute(delete(Relative).where(Relative.nominee_id.in_(orphans)))
        db.session.execute(delete(Nominee).where(Nominee.id.in_(orphans)))


def add_joint_nomination(election: CommitteeElection, *, who: str, post: str, method: str, signers: list[str],
                         submitted_on: date, actor=None, today: date | None = None) -> Nominee:
    """A residents' joint nomination (R-CAND-1): every signer is checked against the roll."""
    _require_stage(election)
    today = today or beijing_today()
    rules = election.rules
    if method not in rules.nomination_methods[election.kind] or method in ("meeting", "party_organisation"):
        _refuse(N_("This committee cannot be nominated for in this way."), rule="R-CAND-1", field="method")
    if not seats_of(election).get(post):
        _refuse(N_("The committee has no seats for this post."), field="post")
    if submitted_on > today:
        _refuse(N_("The nomination cannot be dated later than today."), field="submitted_on")
    person_voter = find_voter(election, who)
    if person_voter is None:
        _refuse(N_("The nominee is not a registered voter of this committee."), rule="R-CAND-1", field="who")
    found = [(line, find_voter(election, text)) for line, text in enumerate(signers, start=1) if text.strip()]
    group_reps = set(db.session.scalars(select(GroupRepresentative.voter_id).where(
        GroupRepresentative.voter_id.in_([v.id for _, v in found if v is not None]))))
    checked = [nomination.Signer(line, v.id if v else ("?", line), v is not None,
                                 bool(v and v.household_representative), bool(v and v.id in group_reps))
               for line, v in found]
    problems = nomination.joint_problems(method, checked, person_voter.id, rules)
    if problems:
        raise CandidatesError(problems)
    person = _nominee_for(election, person_voter)
    fingerprint = _sheet_fingerprint(person.id, post, method, [v.id for _, v in found])
    if db.session.scalar(select(Nomination.id).where(Nomination.fingerprint == fingerprint)):
        _refuse(N_("This joint nomination, with the same signers, is recorded already."), rule="R-CAND-1")
    entry = Nomination(nominee_id=person.id, post=post, method=method, votes=len(found), submitted_on=submitted_on,
                       fingerprint=fingerprint)
    try:
        with db.session.begin_nested():  # the same sheet sent twice at once: the second meets the first here
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:
        _refuse(N_("This joint nomination, with the same signers, is recorded already."), rule="R-CAND-1")
    db.session.add_all(NominationSigner(nomination_id=entry.id, voter_id=v.id) for _, v in found)
    record(actor, election.committee_code, "nomination.joint", "nomination", entry.id,
           after={"nominee": person.name, "post": post, "method": method, "signers": [v.name for _, v in found],
                  "submitted_on": submitted_on.isoformat()})
    db.session.flush()
    db.session.expire_all()
    _withdraw_election_committee(db.session.get(CommitteeElection, election.id), actor, today)
    return person


def add_party_nomination(election: CommitteeElection, *, who: str, post: str, body: str, reference: str,
                         votes: int, decided_on: date, actor=None, today: date | None = None) -> Nominee:
    """R26-CAND: the community or village Party organisation nominates by a decision of the
    organisation, recorded with the body, its document number, its date and the votes for it
    (which rank the nominee among the nominations of the post, R-CAND-2)."""
    _require_stage(election)
    today = today or beijing_today()
    if "party_organisation" not in election.rules.nomination_methods[election.kind]:
        _refuse(N_("Under rule set %(ruleset)s the Party organisation does not nominate candidates."),
                {"ruleset": election.rules.name}, rule="R-CAND-1", field="body")
    problems = []
    if not seats_of(election).get(post):
        problems.append(Problem(N_("The committee has no seats for this post."), field="post"))
    if decided_on > today:
        problems.append(Problem(N_("The decision cannot be dated later than today."), field="decided_on"))
    if not body.strip() or not reference.strip():
        problems.append(Problem(N_("The decision names the Party organisation and its document number."),
                                rule="R26-CAND", field="reference"))
    if votes < 1:
        problems.append(Problem(N_("A decision has at least one vote for it."), field="votes"))
    person_voter = find_voter(election, who)
    if person_voter is None:
        problems.append(Problem(N_("The nominee is not a registered voter of this committee."), rule="R26-CAND",
                                field="who"))
    if problems:
        raise CandidatesError(problems)
    person = _nominee_for(election, person_voter)
    fingerprint = _sheet_fingerprint(person.id, post, "party_organisation", [])
    if db.session.scalar(select(Nomination.id).where(Nomination.fingerprint == fingerprint)):
        _refuse(N_("The Party organisation's nomination of %(name)s for this post is recorded already."),
                {"name": person.name}, rule="R26-CAND")
    entry = Nomination(nominee_id=person.id, post=post, method="party_organisation", votes=votes,
                       submitted_on=decided_on, fingerprint=fingerprint, decision_body=body.strip(),
                       decision_ref=reference.strip())
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:
        _refuse(N_("The Party organisation's nomination of %(name)s for this post is recorded already."),
                {"name": person.name}, rule="R26-CAND")
    record(actor, election.committee_code, "nomination.party", "nomination", entry.id,
           after={"nominee": person.name, "post": post, "body": entry.decision_body,
                  "reference": entry.decision_ref, "votes": votes, "decided_on": decided_on.isoformat()})
    db.session.flush()
    db.session.expire_all()
    _withdraw_election_committee(db.session.get(CommitteeElection, election.id), actor, today)
    return person


def _sheet_fingerprint(nominee_id: int, post: str, method: str, signer_ids: list[int]) -> str:
    """What makes two joint nomination sheets the same sheet: nominee, post, method and signers."""
    text = f"{nominee_id}|{post}|{method}|{','.join(map(str, sorted(set(signer_ids))))}"
    return hashlib.sha256(text.encode()).hexdigest()


def add_relative(person: Nominee, *, name: str, id_number: str | None, relation: str, actor=None,
                 today: date | None = None) -> Relative:
    """Record a spouse or relative of a nominee (R-CAND-6, R26-CAND)."""
    election = person.election
    if not election.round.is_open:
        _refuse(N_("This round is closed: it can be read but not changed."))
    name, id_number = name.strip(), (id_number or "").strip().upper() or None
    problems = []
    if not name:
        problems.append(Problem(N_("The relative needs a name."), field="name"))
    if relation not in conflicts.NEAR:
        problems.append(Problem(N_("Not a relation the law names."), field="relation"))
    if id_number:
        checked = idnumber.check(id_number, today or beijing_today())
        if isinstance(checked, Problem):
            problems.append(checked)
    if problems:
        raise CandidatesError(problems)
    relative = Relative(nominee_id=person.id, name=name, id_number=id_number, relation=relation)
    db.session.add(relative)
    db.session.flush()
    record(actor, election.committee_code, "nominee.relative", "relative", relative.id,
           after={"nominee": person.name, "name": name, "relation": relation,
                  "id_number": idnumber.mask(id_number) if id_number else None})
    db.session.expire(person)
    _withdraw_election_committee(election, actor, today or beijing_today())
    return relative


def set_profile(person: Nominee, *, education: str | None, ethnicity: str | None, party_member: bool | None,
                incumbent: bool | None, party_secretary: bool | None, actor=None) -> None:
    """The nominee's profile (candidates.profile), which the statistics of who was elected read;
    a field left empty is "not recorded". Kept after the count, since that is when it is read."""
    election = person.election
    if not election.round.is_open:
        _refuse(N_("This round is closed: it can be read but not changed."))
    problems = []
    if education is not None and education not in profile.EDUCATION:
        problems.append(Problem(N_("Choose the education from the list."), field="education"))
    if ethnicity is not None and ethnicity not in profile.ETHNIC_GROUPS:
        problems.append(Problem(N_("Choose one of the 56 ethnic groups."), field="ethnicity"))
    if problems:
        raise CandidatesError(problems)
    values = {"education": education, "ethnicity": ethnicity, "party_member": party_member,
              "incumbent": incumbent, "party_secretary": party_secretary}
    before = {key: getattr(person, key) for key in profile.FIELDS}
    if before == values:
        return
    for key, value in values.items():
        setattr(person, key, value)
    db.session.flush()
    record(actor, election.committee_code, "nominee.profile", "nominee", person.id,
           before={k: v for k, v in before.items() if v != values[k]},
           after={"nominee": person.name, **{k: v for k, v in values.items() if v != before[k]}})
    figures.refresh(election)  # who was elected, if the count has been made


# ---- choosing candidates (R-CAND-2) -----------------------------------------------------------

def _choice(election: CommitteeElection, post: str) -> PostChoice:
    found = choices(election).get(post)
    if found is None:
        found = PostChoice(election_id=election.id, post=post, margin=election.rules.candidate_margin[0])
        db.session.add(found)
    return found


def set_margin(election: CommitteeElection, post: str, margin: int, actor=None) -> None:
    _require_stage(election)
    if not seats_of(election).get(post):
        _refuse(N_("The committee has no seats for this post."), field="post")
    problem = slate.margin_problem(margin, election.rules,
                                   allow_uncontested=uncontested_allowed(election))
    if problem:
        raise CandidatesError([problem])
    choice = _choice(election, post)
    before = choice.margin
    choice.margin = margin
    db.session.flush()
    record(actor, election.committee_code, "candidates.margin", "post_choice", choice.id,
           before={"post": post, "margin": before}, after={"post": post, "margin": margin})


def resolve_tie(election: CommitteeElection, post: str, order: list[int], reason: str, actor=None,
                *, today: date | None = None) -> None:
    """The election committee's recorded decision on a tie at the cut-off (R-CAND-2): `order`
    ranks every tied nominee."""
    _require_stage(election)
    current = {s.post: s for s in current_slate(election).posts}.get(post)
    if current is None or not current.tied:
        _refuse(N_("There is no tie to resolve for this post."), field="post")
    if sorted(order) != sorted(current.tied):
        _refuse(N_("Rank every tied nominee, each once."), rule="R-CAND-2", field="order")
    if not reason.strip():
        _refuse(N_("Write down how the election committee decided."), rule="R-CAND-2", field="reason")
    choice = _choice(election, post)
    choice.tie_order, choice.tie_reason = list(order), reason.strip()
    choice.tie_decided_on, choice.tie_decided_by = today or beijing_today(), actor_name(actor)
    db.session.flush()
    names = {p.id: p.name for p in nominees(election)}
    record(actor, election.committee_code, "candidates.tie", "post_choice", choice.id,
           after={"post": post, "order": [names[i] for i in order], "reason": choice.tie_reason})


# ---- vetting (R-CAND-3) -----------------------------------------------------------------------

def _open_file(person: Nominee) -> VettingFile:
    election = person.election
    if not election.round.is_open:
        _refuse(N_("This round is closed: it can be read but not changed."))
    if person.withdrawn_on is not None:
        _refuse(N_("%(name)s has withdrawn."), {"name": person.name})
    if person.vetting is None:
        person.vetting = VettingFile(criteria_version_id=rounds.current_criteria(election.round).id)
        db.session.flush()
    elif person.vetting.decision is not None:
        _refuse(N_("The township has decided on this nominee already."), rule="R-CAND-3")
    return person.vetting


def _item(file: VettingFile, item_id: str, list_name: str) -> dict:
    for item in criteria_items(file.nominee):
        if item["id"] == item_id and item["list"] == list_name:
            return item
    _refuse(N_("Not an item of this list of the criteria."), field="item")


def assess(person: Nominee, item_id: str, meets: bool, note: str = "", actor=None) -> Assessment:
    """A five-good item assessed: meets or not, with a note."""
    file = _open_file(person)
    _item(file, item_id, vetting.FIVE_GOOD)
    found = next((a for a in file.assessments if a.item_id == item_id), None)
    before = {"meets": found.meets, "note": found.note} if found else None
    if found is None:
        found = Assessment(file_id=file.id, item_id=item_id)
        file.assessments.append(found)
    found.meets, found.note, found.entered_by = meets, note.strip(), actor_name(actor)
    db.session.flush()
    record(actor, person.election.committee_code, "vetting.assess", "vetting_file", file.id, before=before,
           after={"nominee": person.name, "item": item_id, "meets": meets, "note": found.note})
    return found


def departments_for(person: Nominee, actor) -> list[str] | None:
    """The departments whose answers this user may enter: their own for a department account,
    any for an official (who records what a department sent on paper)."""
    if getattr(actor, "role", None) == Role.department:
        return [actor.department] if getattr(actor, "department", None) else []
    return None


def record_finding(person: Nominee, item_id: str, department: str, holds: bool, evidence: str, found_on: date,
                   ended_on: date | None = None, actor=None, *, today: date | None = None) -> Finding:
    """One department's answer on one ten-cannot item: finding, evidence, date, who entered it."""
    file = _open_file(person)
    item = _item(file, item_id, vetting.TEN_CANNOT)
    department = department.strip()
    allowed = departments_for(person, actor)
    problems = []
    if allowed is not None and department not in allowed:
        problems.append(Problem(N_("You answer for %(department)s only."),
                                {"department": "、".join(allowed) or "—"}, field="department"))
    named = item.get("departments") or []
    if named and department not in named:
        problems.append(Problem(N_("The round asks %(departments)s about this item."),
                                {"departments": "、".join(named)}, field="department"))
    if not department:
        problems.append(Problem(N_("Say which department found this."), field="department"))
    if found_on > (today or beijing_today()):
        problems.append(Problem(N_("A finding cannot be dated later than today."), field="found_on"))
    if ended_on is not None and ended_on > found_on:
        problems.append(Problem(N_("The matter cannot end after the finding."), field="ended_on"))
    if holds and not evidence.strip():
        problems.append(Problem(N_("A finding that the item holds needs its evidence."), rule="R-CAND-3",
                                field="evidence"))
    if problems:
        raise CandidatesError(problems)
    found = next((f for f in file.findings if f.item_id == item_id and f.department == department), None)
    before = ({"holds": found.holds, "evidence": found.evidence, "found_on": found.found_on.isoformat()}
              if found else None)
    if found is None:
        found = Finding(file_id=file.id, item_id=item_id, department=department)
        file.findings.append(found)
    found.holds, found.evidence, found.found_on, found.ended_on = holds, evidence.strip(), found_on, ended_on
    found.entered_by = actor_name(actor)
    db.session.flush()
    record(actor, person.election.committee_code, "vetting.finding", "vetting_file", file.id, before=before,
           after={"nominee": person.name, "item": item_id, "department": department, "holds": holds,
                  "evidence": found.evidence, "found_on": found_on.isoformat(),
                  "ended_on": ended_on.isoformat() if ended_on else None})
    return found


def decide(person: Nominee, decision: str, items: list[str], evidence: str, actor=None,
           *, today: date | None = None) -> VettingFile:
    """The township's decision: qualified, or barred on named items with the evidence (R-CAND-3)."""
    file = _open_file(person)
    problems = vetting.decision_problems(progress_of(person), decision, items, evidence, criteria_items(person))
    if problems:
        raise CandidatesError(problems)
    file.decision, file.decided_on, file.decided_by = decision, today or beijing_today(), actor_name(actor)
    file.barred_items = list(items) if decision == "barred" else None
    file.evidence = evidence.strip() or None
    db.session.flush()
    record(actor, person.election.committee_code, "vetting.decide", "vetting_file", file.id,
           after={"nominee": person.name, "decision": decision, "items": file.barred_items,
                  "evidence": file.evidence, "criteria_version": file.criteria.version})
    return file


# ---- publication (R-CAND-5) and withdrawal ------------------------------------------------------

def _entries(current: Slate) -> list[dict]:
    return [{"post": post, "nominee": person.id, "name": person.name, "sex": person.sex,
             "votes": votes_of(person).get(post, 0)}
            for post, person in current.chosen() if vetting_stage(person) == "qualified"]


def publish(election: CommitteeElection, actor=None, *, today: date | None = None,
            override_reason: str | None = None) -> CandidateList:
    """Publish the list in nomination-vote order, which fixes the ballot order (R-CAND-5); the
    rounds' calendar refuses it later than E−5 unless a district official overrides."""
    _require_stage(election)
    today = today or beijing_today()
    current = current_slate(election)
    if current.problems:
        raise CandidatesError(current.problems)
    issued = CandidateList(election_id=election.id, number=1, published_on=today, published_by=actor_name(actor),
                           entries=_entries(current), withdrawn=[])
    db.session.add(issued)
    db.session.flush()
    record(actor, election.committee_code, "candidates.publish", "candidate_list", issued.id,
           after={"number": 1, "entries": issued.entries})
    _move_stage(election, "candidates_published", actor, today, override_reason)
    return issued


def _move_stage(election: CommitteeElection, target: str, actor, today: date | None, override_reason: str | None):
    """The rounds' stage move (its calendar, override and audit), refused in this package's terms."""
    try:
        rounds.move_stage(election, target, actor, today=today, override_reason=override_reason)
    except rounds.RoundsError as error:
        raise CandidatesError(error.problems) from error


def withdraw(person: Nominee, reason: str, on: date, actor=None, *, today: date | None = None
             ) -> CandidateList | None:
    """A nominee withdraws. After publication the list is re-issued as N+1: the next qualified
    nominee in vote order takes the place, and the notice names who withdrew, when and why."""
    election = person.election
    today = today or beijing_today()
    if not election.round.is_open:
        _refuse(N_("This round is closed: it can be read but not changed."))
    if stages.reached(election.stage, "voting"):
        _refuse(N_("Voting has begun: a candidate can no longer withdraw."))
    if person.withdrawn_on is not None:
        _refuse(N_("%(name)s has withdrawn already."), {"name": person.name})
    if not reason.strip():
        _refuse(N_("Say why the nominee withdraws."), field="reason")
    if on > today:
        _refuse(N_("The withdrawal cannot be dated later than today."), field="on")
    person.withdrawn_on, person.withdrawn_reason = on, reason.strip()
    db.session.flush()
    record(actor, election.committee_code, "nominee.withdraw", "nominee", person.id,
           after={"name": person.name, "on": on.isoformat(), "reason": person.withdrawn_reason})
    if election.stage != "candidates_published":
        return None
    return _reissue(election, actor, today, reason=f"{person.name}于{on.isoformat()}退出：{person.withdrawn_reason}")


def _reissue(election: CommitteeElection, actor, today: date, *, reason: str) -> CandidateList:
    previous = latest_list(election)
    current = current_slate(election)
    withdrawn = list(previous.withdrawn) + [
        {"post": e["post"], "nominee": e["nominee"], "name": e["name"], "on": p.withdrawn_on.isoformat(),
         "reason": p.withdrawn_reason}
        for e in previous.entries if (p := db.session.get(Nominee, e["nominee"])).withdrawn_on is not None]
    issued = CandidateList(election_id=election.id, number=previous.number + 1, published_on=today,
                           published_by=actor_name(actor), entries=_entries(current), withdrawn=withdrawn,
                           reason=reason)
    db.session.add(issued)
    db.session.flush()
    record(actor, election.committee_code, "candidates.reissue", "candidate_list", issued.id,
           before={"number": previous.number, "entries": previous.entries},
           after={"number": issued.number, "entries": issued.entries, "reason": reason})
    return issued


def reissue(election: CommitteeElection, reason: str, actor=None, *, today: date | None = None) -> CandidateList:
    """Re-issue the list after a replacement has passed vetting, so that the place is filled."""
    _require_stage(election, "candidates_published")
    if not reason.strip():
        _refuse(N_("Say why the list is re-issued."), field="reason")
    if _entries(current_slate(election)) == latest_list(election).entries:
        _refuse(N_("The list has not changed since it was published."))
    return _reissue(election, actor, today or beijing_today(), reason=reason.strip())
