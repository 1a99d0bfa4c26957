"""Changes to a committee's roll: voters added, removed, excluded and restored, consent and
representatives recorded, the list published, objections lodged and decided.

Each operation checks the law (eligibility, idnumber), changes the roll and writes its audit entry,
flushed for the request or command to commit (`transactions`), or raises `RollsError` and the unit
of work writes nothing. Once a roll is published, every change is also an addition or removal with its
reason (R-ROLL-7), published with the next version.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import joinedload

from ..audit.services import actor_name, record
from ..clock import beijing_today
from ..extensions import db
from ..geography.codes import within
from ..messages import N_, Problem
from ..roles import MANAGERS
from ..rounds import services as rounds
from ..transactions import Refusal
from ..rounds import calendar, stages
from ..rounds.models import CommitteeElection
from . import eligibility, idnumber
from .models import GroupRepresentative, Household, Objection, RollChange, RollVersion, Voter, VoterGroup

REPRESENTATIVE_MODES = ("group_representative", "representative")
# Once voting begins, the list voters were checked against is not published again.
LAST_CHANGE_STAGE = "voting"


class RollsError(Refusal):
    pass


def _refuse(message: str, params: dict | None = None, *, rule: str | None = None, field: str | None = None):
    raise RollsError([Problem(message, params or {}, rule=rule, field=field)])


# ---- reading ---------------------------------------------------------------------------------

def versions(election: CommitteeElection) -> list[RollVersion]:
    return list(db.session.scalars(
        select(RollVersion).where(RollVersion.election_id == election.id).order_by(RollVersion.number)))


def latest_version(election: CommitteeElection) -> RollVersion | None:
    return db.session.scalar(select(RollVersion).where(RollVersion.election_id == election.id)
                             .order_by(RollVersion.number.desc()).limit(1))


def version(election: CommitteeElection, number: int) -> RollVersion | None:
    return db.session.scalar(select(RollVersion).where(RollVersion.election_id == election.id,
                                                       RollVersion.number == number))


@dataclass
class RollCounts:
    registered: int = 0
    not_registered: int = 0
    removed: int = 0
    households: int = 0  # households with a registered voter: the electorate of household mode
    representatives: int = 0  # household representatives among the registered
    group_representatives: int = 0
    by_category: dict[int, int] = field(default_factory=dict)
    by_group: list[tuple[int | None, str, int, int, int]] = field(default_factory=list)  # id, name, hh, voters, reps


def counts(election: CommitteeElection) -> RollCounts:
    """The roll's numbers, in three grouped queries whatever its size."""
    result = RollCounts()
    registered = Voter.status == "registered"
    for status, number in db.session.execute(
            select(Voter.status, func.count()).where(Voter.election_id == election.id).group_by(Voter.status)):
        setattr(result, status, number)
    for category, number in db.session.execute(
            select(Voter.category, func.count()).where(Voter.election_id == election.id, registered)
            .group_by(Voter.category).order_by(Voter.category)):
        result.by_category[category] = number
    # Each query is bounded by the election through an index: never a scan of the city's voters.
    representatives = db.session.execute(
        select(GroupRepresentative.group_id, func.count()).join(Voter, Voter.id == GroupRepresentative.voter_id)
        .where(GroupRepresentative.group_id.in_(select(VoterGroup.id).where(VoterGroup.election_id == election.id)),
               Voter.election_id == election.id, registered).group_by(GroupRepresentative.group_id)).all()
    representatives = dict(representatives)
    rows = db.session.execute(
        select(Household.group_id, VoterGroup.name, func.count(func.distinct(Household.id)), func.count(Voter.id),
               func.sum(case((Voter.household_representative, 1), else_=0)))
        .join(Voter, Voter.household_id == Household.id).outerjoin(VoterGroup, VoterGroup.id == Household.group_id)
        .where(Household.election_id == election.id, Voter.election_id == election.id, registered)
        .group_by(Household.group_id, VoterGroup.name).order_by(Household.group_id)).all()
    for group_id, name, households, voters, reps in rows:
        result.by_group.append((group_id, name or "", households, voters, representatives.get(group_id, 0)))
        result.households += households
        result.representatives += reps or 0
    result.group_representatives = sum(representatives.values())
    return result


def first_registered(election: CommitteeElection) -> Voter | None:
    return db.session.scalar(select(Voter).where(Voter.election_id == election.id, Voter.status == "registered")
                             .order_by(Voter.id).limit(1))


def electorate(election: CommitteeElection, roll: RollCounts) -> int:
    """R-MODE-3: registered voters, registered households, or elected group representatives."""
    if election.mode == "household":
        return roll.households
    if election.mode in REPRESENTATIVE_MODES:
        return roll.group_representatives
    return roll.registered


def is_manager(user, election: CommitteeElection) -> bool:
    """Those who manage a roll see and export its ID numbers in full; everybody else sees them masked."""
    role = getattr(user, "role", None)
    return role in MANAGERS and within(user.unit_code, election.committee_code)


# ---- checks shared by the operations --------------------------------------------------------

def require_changeable(election: CommitteeElection) -> None:
    if not election.round.is_open:
        _refuse(N_("The round is closed; its rolls can no longer change."))
    if stages.reached(election.stage, "counted"):
        _refuse(N_("The ballot has been counted; the roll can no longer change."), rule="R-ROLL-7")
    if election.election_day is None:
        _refuse(N_("Set the election day first: eligibility is decided on that day."), rule="R-ROLL-1")


def _published(election: CommitteeElection) -> bool:
    return latest_version(election) is not None


def _change(election, voter, kind, reason, note, actor, today, objection=None) -> RollChange:
    change = RollChange(election_id=election.id, voter=voter, kind=kind, reason=reason, note=note or "",
                        on_date=today, actor=actor_name(actor), objection_id=objection.id if objection else None)
    db.session.add(change)
    return change


def _snapshot(voter: Voter) -> dict:
    return {"name": voter.name, "id_number": voter.id_number, "status": voter.status,
            "status_reason": voter.status_reason, "category": voter.category,
            "household_representative": voter.household_representative}


def _group(election: CommitteeElection, name: str) -> VoterGroup | None:
    if not name:
        return None
    group = db.session.scalar(select(VoterGroup).where(VoterGroup.election_id == election.id,
                                                       VoterGroup.name == name))
    if group is None:
        group = VoterGroup(election_id=election.id, name=name)
        db.session.add(group)
    return group


def _household(election: CommitteeElection, number: str, group_name: str, address: str) -> Household:
    household = db.session.scalar(select(Household).where(Household.election_id == election.id,
                                                          Household.number == number))
    if household is None:
        household = Household(election_id=election.id, number=number, address=address,
                              group=_group(election, group_name))
        db.session.add(household)
    return household


def duplicate_of(round_id: int, id_number: str) -> Voter | None:
    """R-ROLL-3: the entry that already puts this person on a roll of the round, if any."""
    return db.session.scalar(select(Voter).where(Voter.round_id == round_id, Voter.id_number == id_number,
                                                 Voter.status != "removed"))


# ---- voters --------------------------------------------------------------------------------------

@dataclass
class Person:
    """A person to add, as a form or an upheld objection gives them."""

    name: str
    id_number: str
    household: str
    category: int
    sex: str | None = None
    birth_date: date | None = None
    group: str = ""
    address: str = ""
    hukou_place: str = ""
    household_representative: bool = False
    consent_body: str | None = None
    consent_on: date | None = None
    opted_in_on: date | None = None  # R26-ROLL


def person_problems(election: CommitteeElection, person: Person, today: date,
                    actor=None) -> tuple[list[Problem], object]:
    """Everything wrong with adding `person` to this roll: R-ROLL-1/2/3/6."""
    rules = election.rules
    problems = []
    if not person.name.strip():
        problems.append(Problem(N_("The name is missing."), field="name"))
    if not person.household.strip():
        problems.append(Problem(N_("The household number is missing."), field="household"))
    parsed = idnumber.check(person.id_number, today)
    if isinstance(parsed, Problem):
        problems.append(Problem(parsed.message, parsed.params, rule=parsed.rule, field="id_number"))
        return problems, None
    problems += idnumber.agreement(parsed, person.birth_date, person.sex)
    if (problem := eligibility.age_problem(parsed.birth_date, election.election_day, rules)):
        problems.append(problem)
    if (problem := eligibility.category_problem(election.kind, person.category, rules)):
        problems.append(Problem(problem.message, problem.params, rule=problem.rule, field="category"))
    if person.consent_body or person.consent_on:
        problem = eligibility.consent_problem(election.kind, person.category, person.consent_body, person.consent_on,
                                              rules, today)
        if problem:
            problems.append(Problem(problem.message, problem.params, rule=problem.rule, field="consent_on"))
    if person.opted_in_on and (problem := eligibility.opt_in_problem(election.kind, person.category,
                                                                     person.opted_in_on, rules, today)):
        problems.append(Problem(problem.message, problem.params, rule=problem.rule, field="opted_in_on"))
    other = duplicate_of(election.round_id, parsed.number)
    if other is not None:
        problems.append(_duplicate_problem(other, actor))
    return problems, parsed


def _duplicate_problem(other: Voter, actor) -> Problem:
    """R-ROLL-3, naming the other committee only to those whose jurisdiction it lies in."""
    committee = other.election.committee
    if actor is not None and not within(actor.unit_code, committee.code):
        return Problem(N_("This person is already registered elsewhere in this round."), rule="R-ROLL-3",
                       field="id_number")
    return Problem(N_("This person is already on the roll of %(committee)s (%(code)s) in this round."),
                   {"committee": committee.name, "code": committee.code}, rule="R-ROLL-3", field="id_number")


def add_voter(election: CommitteeElection, person: Person, actor=None, *, reason: str | None = None,
              note: str = "", today: date | None = None, objection: Objection | None = None) -> Voter:
    """Put a person on the roll. After publication this is an addition with its reason (R-ROLL-7)."""
    today = today or beijing_today()
    require_changeable(election)
    problems, parsed = person_problems(election, person, today, actor)
    published = _published(election)
    if published and reason not in eligibility.ADDITION_REASONS:
        problems.append(Problem(N_("The list is published: say why the person is added."), rule="R-ROLL-7",
                                field="reason"))
    if problems:
        raise RollsError(problems)
    status, status_reason = eligibility.status_for(election.kind, person.category, person.consent_body,
                                                   person.consent_on, election.rules, today, person.opted_in_on)
    household = _household(election, person.household.strip(), person.group.strip(), person.address.strip())
    # The election row is locked, so two additions at once take the next numbers in turn.
    db.session.execute(select(CommitteeElection.id).where(CommitteeElection.id == election.id).with_for_update())
    number = (db.session.scalar(select(func.max(Voter.number)).where(Voter.election_id == election.id)) or 0) + 1
    voter = Voter(round_id=election.round_id, election_id=election.id, household=household, number=number,
                  name=person.name.strip(),
                  id_number=parsed.number, sex=parsed.sex, birth_date=parsed.birth_date,
                  hukou_place=person.hukou_place.strip(), category=person.category,
                  consent_body=person.consent_body, consent_on=person.consent_on,
                  opted_in_on=person.opted_in_on, status=status,
                  status_reason=status_reason, status_on=today, added_on=today,
                  household_representative=person.household_representative)
    db.session.add(voter)
    db.session.flush()
    if person.household_representative:
        _only_representative(voter)
    if published and status == "registered":
        _change(election, voter, "addition", reason, note, actor, today, objection)
    record(actor, election.committee_code, "roll.voter.add", "voter", voter.id,
           after={**_snapshot(voter), "household": household.number, **({"reason": reason} if published else {})})
    return voter


def _only_representative(voter: Voter) -> None:
    """R-MODE-2: one representative per household."""
    db.session.execute(update(Voter).where(Voter.household_id == voter.household_id, Voter.id != voter.id)
                       .values(household_representative=False))
    voter.household_representative = True


def _leave_roll(voter: Voter, status: str, status_reason: str, removal_reason: str, note: str, actor,
                today: date, action: str, objection: Objection | None = None) -> None:
    election = voter.election
    require_changeable(election)
    before = _snapshot(voter)
    was_listed = voter.listed_in is not None and voter.delisted_in is None and voter.status == "registered"
    voter.status, voter.status_reason, voter.status_on = status, status_reason, today
    if was_listed:
        _change(election, voter, "removal", removal_reason, note, actor, today, objection)
    record(actor, election.committee_code, action, "voter", voter.id, before=before,
           after={**_snapshot(voter), "note": note})


def remove_voter(voter: Voter, reason: str, note: str = "", actor=None, *, today: date | None = None,
                 objection: Objection | None = None) -> None:
    """Take a person off the roll (died, moved out, …), kept as a removed entry with the reason."""
    if reason not in eligibility.REMOVAL_REASONS:
        _refuse(N_("Choose why the person is removed."), rule="R-ROLL-7", field="reason")
    if voter.status == "removed":
        _refuse(N_("This person has been removed from the roll already."))
    _leave_roll(voter, "removed", reason, reason, note, actor, today or beijing_today(), "roll.voter.remove",
                objection)


def exclude_voter(voter: Voter, reason: str, note: str = "", actor=None, *, today: date | None = None) -> None:
    """R-ROLL-4: the election committee confirms that a person of age is not registered."""
    if reason not in eligibility.EXCLUSIONS:
        _refuse(N_("Choose one of the reasons the law gives for not registering a person."), rule="R-ROLL-4",
                field="reason")
    if voter.status != "registered":
        _refuse(N_("Only a registered voter can be taken off the roll this way."))
    _leave_roll(voter, "not_registered", reason, eligibility.EXCLUSION_REMOVALS[reason], note, actor,
                today or beijing_today(), "roll.voter.exclude")


def _rejoin(voter: Voter, reason: str, note: str, actor, today: date, action: str,
            objection: Objection | None = None, extra: dict | None = None) -> None:
    election = voter.election
    require_changeable(election)
    other = duplicate_of(voter.round_id, voter.id_number) if voter.status == "removed" else None
    if other is not None and other.id != voter.id:
        raise RollsError([_duplicate_problem(other, actor)])
    before = _snapshot(voter)
    voter.status, voter.status_reason, voter.status_on = "registered", None, today
    for name, value in (extra or {}).items():
        setattr(voter, name, value)
    if _published(election):
        _change(election, voter, "addition", reason, note, actor, today, objection)
    record(actor, election.committee_code, action, "voter", voter.id, before=before,
           after={**_snapshot(voter), "note": note})


def restore_voter(voter: Voter, cause_ended_on: date, note: str = "", actor=None, *, today: date | None = None) -> None:
    """R-ROLL-4: the cause of an exclusion ended before election day, so the person is back on the roll."""
    today = today or beijing_today()
    if voter.status != "not_registered" or voter.status_reason not in eligibility.EXCLUSIONS:
        _refuse(N_("Only a person not registered for one of the reasons of R-ROLL-4 can be restored."))
    if cause_ended_on > today:
        _refuse(N_("The day the cause ended, %(day)s, is in the future."), {"day": cause_ended_on.isoformat()},
                field="cause_ended_on")
    if not eligibility.restored(cause_ended_on, voter.election.election_day):
        _refuse(N_("The cause ended on or after election day %(day)s, so the person stays off the roll."),
                {"day": voter.election.election_day.isoformat()}, rule="R-ROLL-4", field="cause_ended_on")
    _rejoin(voter, "rights_restored", note or cause_ended_on.isoformat(), actor, today, "roll.voter.restore")


def record_consent(voter: Voter, body: str, consent_on: date, actor=None, *, today: date | None = None) -> None:
    """R-ROLL-2: the assembly's consent registers a category 3 or 4 villager."""
    today = today or beijing_today()
    election = voter.election
    if voter.status_reason != eligibility.CONSENT_PENDING:
        _refuse(N_("This person is not waiting for consent."))
    problem = eligibility.consent_problem(election.kind, voter.category, body, consent_on, election.rules, today)
    if problem:
        raise RollsError([problem])
    _rejoin(voter, "consent_given", "", actor, today, "roll.voter.consent",
            extra={"consent_body": body, "consent_on": consent_on})


def record_opt_in(voter: Voter, opted_in_on: date, actor=None, *, today: date | None = None) -> None:
    """R26-ROLL: a person who says they will take part is registered, the day recorded (after
    publication, an addition published with the next version, R-ROLL-7)."""
    today = today or beijing_today()
    election = voter.election
    if voter.status_reason != eligibility.OPT_IN_PENDING:
        _refuse(N_("This person is not waiting to say they will take part."), rule="R26-ROLL")
    problem = eligibility.opt_in_problem(election.kind, voter.category, opted_in_on, election.rules, today)
    if problem:
        raise RollsError([Problem(problem.message, problem.params, rule=problem.rule, field="opted_in_on")])
    _rejoin(voter, "opted_in", "", actor, today, "roll.voter.opt_in", extra={"opted_in_on": opted_in_on})


def make_household_representative(voter: Voter, actor=None) -> None:
    """R-MODE-2: the household sends this member to vote for it."""
    require_changeable(voter.election)
    if voter.status != "registered":
        _refuse(N_("Only a registered voter can represent a household."), rule="R-MODE-2")
    _only_representative(voter)
    record(actor, voter.election.committee_code, "roll.household.representative", "household",
           voter.household_id, after={"voter": voter.id, "name": voter.name})


def elect_group_representatives(group: VoterGroup, numbers: list[int], elected_on: date, actor=None,
                                *, today: date | None = None) -> None:
    """R-MODE-2 / R26-MODE: the representatives a group elected, by their numbers on the roll,
    replacing any recorded before."""
    today = today or beijing_today()
    election = group.election
    require_changeable(election)
    problems = []
    if elected_on > today:
        problems.append(Problem(N_("The day of the group's election, %(day)s, is in the future."),
                                {"day": elected_on.isoformat()}, field="elected_on"))
    voters = list(db.session.scalars(select(Voter).join(Household).where(
        Voter.election_id == election.id, Voter.number.in_(numbers), Household.group_id == group.id,
        Voter.status == "registered")))
    if len(voters) != len(set(numbers)):
        problems.append(Problem(N_("Representatives must be registered voters of the group."), rule="R-MODE-2",
                                field="voters"))
    households = db.session.scalar(select(func.count(func.distinct(Household.id))).join(Voter).where(
        Household.group_id == group.id, Voter.status == "registered"))
    problems += eligibility.group_problems(households, len(set(numbers)), election.rules)
    if problems:
        raise RollsError(problems)
    before = [r.voter.name for r in group.representatives]
    for representative in list(group.representatives):
        db.session.delete(representative)
    db.session.flush()
    for voter in voters:
        db.session.add(GroupRepresentative(group=group, voter=voter, elected_on=elected_on))
    record(actor, election.committee_code, "roll.group.representatives", "voter_group", group.id,
           before={"representatives": before},
           after={"representatives": [v.name for v in voters], "elected_on": elected_on.isoformat()})


# ---- publication ---------------------------------------------------------------------------------

def publication_problems(election: CommitteeElection, roll: RollCounts) -> list[Problem]:
    problems = []
    if roll.registered == 0:
        problems.append(Problem(N_("The roll has no registered voter to publish.")))
    if election.mode == "household":
        bad = db.session.scalar(select(func.count()).select_from(
            select(Voter.household_id).where(Voter.election_id == election.id, Voter.status == "registered")
            .group_by(Voter.household_id)
            .having(func.sum(case((Voter.household_representative, 1), else_=0)) != 1).subquery()))
        if bad:
            problems.append(Problem(N_("%(count)d households have no representative, or more than one."),
                                    {"count": bad}, rule="R-MODE-2"))
    if election.mode == "representative" and roll.group_representatives == 0:
        problems.append(Problem(N_("The residents' representatives are chosen before the list is published, "
                                   "and published with it."), rule="R26-MODE"))
    return problems


def publish(election: CommitteeElection, actor=None, *, today: date | None = None,
            override_reason: str | None = None) -> RollVersion:
    """Publish the roll as its next numbered version (R-ROLL-5, R-ROLL-7).

    The first publication moves the election to `roll_published`, refused later than 20 days
    before election day unless a district official overrides it with a reason.
    """
    today = today or beijing_today()
    require_changeable(election)
    roll = counts(election)
    problems = publication_problems(election, roll)
    previous = latest_version(election)
    if previous is not None and previous.published_on > today:
        problems.append(Problem(N_("The list was last published on %(day)s."), {"day": previous.published_on}))
    if previous is not None and not unpublished_changes(election):
        problems.append(Problem(N_("Nothing has changed since version %(number)d."), {"number": previous.number}))
    if previous is not None and stages.reached(election.stage, LAST_CHANGE_STAGE):
        problems.append(Problem(N_("Voting has begun; the list can no longer be published again.")))
    if previous is None and election.stage not in ("setup", "registration"):
        problems.append(Problem(N_("The election is past the stage where its list is first published.")))
    if problems:
        raise RollsError(problems)
    number = previous.number + 1 if previous else 1
    try:
        if previous is None and election.stage == "setup":
            rounds.move_stage(election, "registration", actor, today=today)
        listed = db.session.execute(update(Voter).where(
            Voter.election_id == election.id, Voter.status == "registered", Voter.listed_in.is_(None))
            .values(listed_in=number)).rowcount
        delisted = db.session.execute(update(Voter).where(
            Voter.election_id == election.id, Voter.status != "registered", Voter.listed_in.is_not(None),
            Voter.delisted_in.is_(None)).values(delisted_in=number)).rowcount
        db.session.execute(update(RollChange).where(RollChange.election_id == election.id,
                                                    RollChange.published_in.is_(None)).values(published_in=number))
        version_ = RollVersion(election_id=election.id, number=number, published_on=today,
                               published_by=actor_name(actor), registered=roll.registered,
                               households=roll.households, representatives=roll.group_representatives,
                               additions=listed if previous else 0, removals=delisted)
        db.session.add(version_)
        db.session.flush()
        after = {"version": number, "registered": roll.registered, "households": roll.households,
                 "additions": version_.additions, "removals": delisted}
        record(actor, election.committee_code, "roll.publish", "roll_version", version_.id, after=after)
        if previous is None:
            # The rounds' stage move: its calendar check (R-ROLL-5), override and audit; when it
            # refuses, the unit of work drops the publication flushed above with it.
            change = rounds.move_stage(election, "roll_published", actor, today=today,
                                       override_reason=override_reason)
            version_.overridden, version_.reason = change.overridden, change.reason
        db.session.flush()
    except rounds.RoundsError as error:
        raise RollsError(error.problems) from error
    return version_


def version_changes(election: CommitteeElection, number: int) -> list[tuple[RollChange, Voter]]:
    return list(db.session.execute(select(RollChange, Voter).join(Voter, Voter.id == RollChange.voter_id).where(
        RollChange.election_id == election.id, RollChange.published_in == number).order_by(RollChange.id)))


def unpublished_changes(election: CommitteeElection) -> list[RollChange]:
    return list(db.session.scalars(select(RollChange).where(
        RollChange.election_id == election.id, RollChange.published_in.is_(None))
        .options(joinedload(RollChange.voter)).order_by(RollChange.id)))


# ---- objections -----------------------------------------------------------------------------------

def lodge_objection(election: CommitteeElection, *, lodged_by: str, contact: str, request: str, subject_name: str,
                    subject_id_number: str | None, subject_voter: Voter | None, grounds: str, received_on: date,
                    actor=None, today: date | None = None) -> Objection:
    today = today or beijing_today()
    rules = election.rules
    problems = []
    if not election.round.is_open:
        problems.append(Problem(N_("The round is closed; its rolls can no longer change.")))
    published = latest_version(election)
    if published is None:
        raise RollsError([Problem(N_("The list has not been published; there is nothing to object to yet."))])
    first = version(election, 1)
    if received_on > today:
        problems.append(Problem(N_("The day of receipt, %(day)s, is in the future."), {"day": received_on.isoformat()},
                                field="received_on"))
    if received_on < first.published_on:
        problems.append(Problem(N_("The list was published on %(day)s; an objection cannot be received before."),
                                {"day": first.published_on.isoformat()}, field="received_on"))
    deadline = calendar.objections_close(published.published_on, rules)
    if received_on > deadline:
        problems.append(Problem(N_("Objections to the list published on %(published)s had to be lodged by "
                                   "%(deadline)s."), {"published": published.published_on.isoformat(),
                                                      "deadline": deadline.isoformat()},
                                rule="R-ROLL-5", field="received_on"))
    for value, name, message in ((lodged_by, "lodged_by", N_("Say who lodges the objection.")),
                                 (subject_name, "subject_name", N_("Say whom the objection is about.")),
                                 (grounds, "grounds", N_("Write down what the objection says."))):
        if not (value or "").strip():
            problems.append(Problem(message, field=name))
    if request not in ("add", "remove"):
        problems.append(Problem(N_("Say whether the person should be on the list or not."), field="request"))
    if request == "remove" and (subject_voter is None or subject_voter.status != "registered"
                                or subject_voter.election_id != election.id):
        problems.append(Problem(N_("Choose the registered voter the objection is about."), field="subject_voter"))
    if subject_id_number:
        parsed = idnumber.check(subject_id_number, today)
        if isinstance(parsed, Problem):
            problems.append(Problem(parsed.message, parsed.params, rule=parsed.rule, field="subject_id_number"))
        else:
            subject_id_number = parsed.number
    if problems:
        raise RollsError(problems)
    objection = Objection(election_id=election.id, version_number=published.number, lodged_by=lodged_by.strip(),
                          lodger_contact=(contact or "").strip(), request=request, subject_name=subject_name.strip(),
                          subject_id_number=subject_id_number or None, subject=subject_voter, grounds=grounds.strip(),
                          received_on=received_on, recorded_by=actor_name(actor))
    db.session.add(objection)
    db.session.flush()
    record(actor, election.committee_code, "roll.objection.lodge", "objection", objection.id,
           after={"lodged_by": objection.lodged_by, "request": request, "subject": objection.subject_name,
                  "received_on": received_on.isoformat()})
    db.session.flush()
    return objection


def decide_objection(objection: Objection, decision: str, text: str, decided_on: date, actor=None, *,
                     person: Person | None = None, today: date | None = None) -> Objection:
    """R-ROLL-5 / R-ROLL-7: a written decision; upheld, it adds or removes the person named.

    An objection asking for someone to be added either restores a person already known to the roll
    (not registered or removed) or adds the `person` the decision form describes.
    """
    today = today or beijing_today()
    election = objection.election
    problems = []
    if objection.decision is not None:
        problems.append(Problem(N_("This objection has been decided already.")))
    if decision not in ("upheld", "rejected"):
        problems.append(Problem(N_("Say whether the objection is upheld or rejected."), field="decision"))
    if not (text or "").strip():
        problems.append(Problem(N_("The decision is written: give its reasons."), rule="R-ROLL-5", field="text"))
    if decided_on > today or decided_on < objection.received_on:
        problems.append(Problem(N_("The decision day must be between the day of receipt and today."),
                                field="decided_on"))
    if problems:
        raise RollsError(problems)
    if decision == "upheld" and objection.request == "remove":
        remove_voter(objection.subject, "objection_upheld", text.strip(), actor, today=decided_on,
                     objection=objection)
    elif decision == "upheld":
        subject = objection.subject
        if subject is not None and subject.status != "registered":
            _rejoin(subject, "objection_upheld", text.strip(), actor, decided_on, "roll.voter.restore",
                    objection)
        elif person is not None:
            objection.subject = add_voter(election, person, actor, reason="objection_upheld", note=text.strip(),
                                          today=decided_on, objection=objection)
        else:
            _refuse(N_("Give the person's details so that they can be added to the roll."), rule="R-ROLL-7")
    objection.decision, objection.decision_text = decision, text.strip()
    objection.decided_on, objection.decided_by = decided_on, actor_name(actor)
    late = decided_on > calendar.objection_decided_by(objection.received_on, election.rules)
    record(actor, election.committee_code, "roll.objection.decide", "objection", objection.id,
           after={"decision": decision, "decided_on": decided_on.isoformat(), "late": late})
    return objection


def objections(election: CommitteeElection) -> list[Objection]:
    return list(db.session.scalars(select(Objection).where(Objection.election_id == election.id)
                                   .order_by(Objection.received_on, Objection.id)))
