"""Operations on rounds and committee elections: each checks the law, changes state, writes the log.

Every operation either applies whole with its audit entries, flushed for the request or command
to commit (`transactions`), or raises `RoundsError` with every problem, and the unit of work
writes nothing.
"""
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources

from sqlalchemy import delete, exists, func, insert, select

from ..audit.services import actor_name, record
from ..clock import beijing_today
from ..extensions import db
from ..geography.codes import CITY_CODE, within
from ..geography.models import Division
from ..messages import N_, Problem
from ..roles import Role
from ..rulesets import COMMITTEE_KINDS, RULESETS, WOMEN_RULES, ruleset_for
from ..rolls.models import RollVersion
from ..statistics import figures
from ..transactions import Refusal
from . import calendar, election_committee, stages
from .models import CommitteeElection, CriteriaVersion, ElectionCommitteeMember, Round, StageChange
from .plans import SEAT_FIELDS, Plan, check_plan

OVERRIDERS = frozenset({Role.city_admin, Role.district_official})  # a district official may override
PLAN_FIELDS = ("mode", "election_day", *SEAT_FIELDS, "ballot_method")


class RoundsError(Refusal):
    pass


# ---- rounds ----------------------------------------------------------------------------------

def default_criteria() -> list[dict]:
    """The five-good / ten-cannot lists of criteria.md, shipped with the package."""
    data = resources.files(__package__).joinpath("data", "default_criteria.json").read_text("utf-8")
    return json.loads(data)["items"]


def statutory_bars(rules) -> list[dict]:
    """R26-CAND: the bars the law itself sets under `rules`, as ten-cannot items (none under
    beijing-2018). No edit of the criteria removes or changes them."""
    data = resources.files(__package__).joinpath("data", "statutory_bars.json").read_text("utf-8")
    wanted = {bar for bars in rules.statutory_bars.values() for bar in bars}
    return [item for item in json.loads(data)["items"] if item["id"] in wanted]


def with_statutory_bars(items: list[dict], rules) -> list[dict]:
    """The items with the rule set's statutory bars at the head of the ten-cannot list."""
    bars = statutory_bars(rules)
    ids = {bar["id"] for bar in bars}
    items = [item for item in items if item["id"] not in ids]
    first = next((i for i, item in enumerate(items) if item["list"] == "ten_cannot"), len(items))
    return items[:first] + bars + items[first:]


def window_modes(round_: Round, kind: str) -> list[str]:
    """The modes a committee of `kind` may choose in this round: those of every rule set that governs
    a day of its window (a window across 2026-01-01 offers both); the plan check then holds each
    election to the rule set of its own day."""
    modes = []
    for rules in RULESETS.values():
        if rules.governs_some_day(round_.first_day, round_.last_day):
            modes += [mode for mode in rules.modes[kind] if mode not in modes]
    return modes


def get_round(round_id: int | None) -> Round | None:
    return db.session.get(Round, round_id) if round_id is not None and 0 < round_id < 2**63 else None


def current_round() -> Round | None:
    """The round the progress pages show: the latest open one, else the latest one."""
    return db.session.scalar(select(Round).order_by((Round.status == "open").desc(), Round.id.desc()).limit(1))


def policy_problems(policy: dict, rules) -> list[Problem]:
    """The round's settings (`Round.policy`); where the rule set's law decides one (national-2026:
    R26-SIZE a woman on every committee, R26-CAND more candidates than seats), it is not the round's
    to switch off."""
    problems = []
    if not isinstance(policy.get("cascade"), bool) or not isinstance(policy.get("allow_uncontested"), bool):
        problems.append(Problem(N_("The policy switches must be true or false."), field="policy"))
    if policy.get("women_rule") not in WOMEN_RULES:
        problems.append(Problem(N_("Unknown rule for women members."), field="women_rule"))
    min_women = policy.get("min_women")
    if not isinstance(min_women, int) or isinstance(min_women, bool) or not 0 <= min_women <= 3:
        problems.append(Problem(N_("The minimum number of women must be between 0 and 3."), field="min_women"))
    elif rules is not None and rules.women_by_law and min_women < 1:
        problems.append(Problem(N_("Under rule set %(ruleset)s the law requires at least one woman on every committee."),
                                {"ruleset": rules.name}, rule="R26-SIZE", field="min_women"))
    reserve = policy.get("ballot_reserve", 5)
    if not isinstance(reserve, int) or isinstance(reserve, bool) or not 0 <= reserve <= 20:
        problems.append(Problem(N_("The reserve of ballots must be between 0 and 20 per cent."), field="ballot_reserve"))
    if policy.get("tally_entry", "double") not in ("double", "single"):
        problems.append(Problem(N_("The tally sheets are entered twice or once and reviewed."), field="tally_entry"))
    if rules is not None and rules.contested_by_law and policy.get("allow_uncontested") is True:
        problems.append(Problem(N_("Under rule set %(ruleset)s the law requires more candidates than seats: an "
                                   "uncontested list cannot be allowed."), {"ruleset": rules.name}, rule="R26-CAND",
                                field="allow_uncontested"))
    return problems


def open_round(name: str, first_day: date, last_day: date, *, village_term: int, residential_term: int,
               ruleset: str, training: bool = False, policy: dict | None = None, actor=None) -> Round:
    """Open a round: one committee election per active committee, criteria version 1 from the defaults."""
    name = name.strip()
    problems = []
    if not name:
        problems.append(Problem(N_("The round needs a name."), field="name"))
    elif db.session.scalar(select(exists().where(Round.name == name))):
        problems.append(Problem(N_("A round named %(name)s exists already."), {"name": name}, field="name"))
    rules = RULESETS.get(ruleset)
    if rules is None:
        problems.append(Problem(N_("Unknown rule set %(name)s."), {"name": ruleset}, field="ruleset"))
    if last_day < first_day:
        problems.append(Problem(N_("The last election day is before the first."), field="last_day"))
    elif rules is not None and not rules.governs_some_day(first_day, last_day):
        # rules.md: the rule set is chosen by the election day.
        problems.append(Problem(N_("Rule set %(ruleset)s does not govern election days from %(first)s to %(last)s: "
                                   "they are under rule set %(governing)s."),
                                {"ruleset": ruleset, "first": first_day.isoformat(), "last": last_day.isoformat(),
                                 "governing": ruleset_for(first_day).name}, field="ruleset"))
    for field_name, term in (("village_term", village_term), ("residential_term", residential_term)):
        if not 1 <= term <= 99:
            problems.append(Problem(N_("A term number is between 1 and 99."), field=field_name))
    full_policy = dict(rules.policy_defaults) if rules else {}
    full_policy.update(policy or {})
    problems += policy_problems(full_policy, rules)
    if not problems:
        problems += _overlap_problems(first_day, last_day, village_term, residential_term, training)
    if problems:
        raise RoundsError(problems)

    round_ = Round(name=name, first_day=first_day, last_day=last_day, village_term=village_term,
                   residential_term=residential_term, ruleset=ruleset, training=training,
                   policy=full_policy, status="open")
    db.session.add(round_)
    db.session.flush()
    by = actor_name(actor)
    db.session.add(CriteriaVersion(round_id=round_.id, version=1, items=with_statutory_bars(default_criteria(), rules),
                                   note="默认五好、十不能标准（2019年全国联审指导意见）", created_by=by))
    committees = db.session.execute(
        select(Division.code, Division.kind).where(Division.level == "committee", Division.active)
        .order_by(Division.code)).all()
    if committees:
        db.session.execute(insert(CommitteeElection), [
            {"round_id": round_.id, "committee_code": code, "kind": kind, "mode": "direct", "stage": "setup",
             "district_code": code[:6] + "000000", "township_code": code[:9] + "000"}
            for code, kind in committees])
    record(actor, CITY_CODE, "round.open", "round", round_.id, after={
        "name": name, "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
        "village_term": village_term, "residential_term": residential_term, "ruleset": ruleset,
        "training": training, "policy": full_policy, "committee_elections": len(committees)})
    db.session.flush()
    return round_


def _overlap_problems(first_day: date, last_day: date, village_term: int, residential_term: int,
                      training: bool) -> list[Problem]:
    """One round at a time elects a term: an open round of the same village or residents' term whose
    election days overlap these is named, so the city closes it or chooses other days. A training
    round is set beside the real ones and is compared with training rounds only."""
    clash = db.session.scalar(select(Round).where(
        Round.status == "open", Round.training == training, Round.first_day <= last_day, Round.last_day >= first_day,
        (Round.village_term == village_term) | (Round.residential_term == residential_term)).order_by(Round.id))
    if clash is None:
        return []
    return [Problem(N_("The round %(name)s is open for the same term and its election days (%(first)s to %(last)s) "
                       "overlap these: close it first, or choose days outside its window."),
                    {"name": clash.name, "first": clash.first_day.isoformat(), "last": clash.last_day.isoformat()},
                    field="first_day")]


def work_done(round_: Round) -> list[Problem]:
    """What has been done in a round, which a deletion would lose: a plan filled in, a stage moved, or
    any row of any stage (rolls, nominations, …) that belongs to its committee elections or to it.
    The tables are found through their foreign keys, so a stage added later is counted too."""
    elections = select(CommitteeElection.id).where(CommitteeElection.round_id == round_.id)
    problems = []
    if db.session.scalar(select(exists().where(CommitteeElection.round_id == round_.id, (
            CommitteeElection.stage != "setup") | CommitteeElection.election_day.is_not(None)))):
        problems.append(Problem(N_("Committees have filled in their election plans or moved on from set-up.")))
    if db.session.scalar(select(func.count()).where(CriteriaVersion.round_id == round_.id)) > 1:
        problems.append(Problem(N_("The vetting criteria have been changed.")))
    own = {CommitteeElection.__table__.name, CriteriaVersion.__table__.name, Round.__table__.name}
    for table in db.metadata.sorted_tables:
        if table.name in own:
            continue
        for key in table.foreign_keys:
            target = key.column.table.name
            if target == Round.__table__.name:
                condition = key.parent == round_.id
            elif target == CommitteeElection.__table__.name:
                condition = key.parent.in_(elections)
            else:
                continue
            if db.session.scalar(select(exists().where(condition))):
                return problems + [Problem(N_("The round has records of its work: rolls, imports, nominations or "
                                              "others."))]
    return problems


def delete_round(round_: Round, actor=None) -> None:
    """Delete a round opened by mistake, before any work is done in it: its committee elections and
    its criteria go with it; the audit log keeps what it was."""
    problems = work_done(round_)
    if problems:
        raise RoundsError([Problem(N_("Only a round in which no work has been done can be deleted; close this one "
                                      "instead."))] + problems)
    record(actor, CITY_CODE, "round.delete", "round", round_.id, before={
        "name": round_.name, "first_day": round_.first_day.isoformat(), "last_day": round_.last_day.isoformat(),
        "village_term": round_.village_term, "residential_term": round_.residential_term, "ruleset": round_.ruleset})
    db.session.execute(delete(CriteriaVersion).where(CriteriaVersion.round_id == round_.id))
    db.session.execute(delete(CommitteeElection).where(CommitteeElection.round_id == round_.id))
    db.session.delete(round_)
    db.session.flush()


def _require_open(round_: Round) -> None:
    if not round_.is_open:
        raise RoundsError([Problem(N_("This round is closed: it can be read but not changed."))])


def close_round(round_: Round, actor=None) -> None:
    _require_open(round_)
    round_.status, round_.closed_at = "closed", datetime.now(timezone.utc)
    record(actor, CITY_CODE, "round.close", "round", round_.id, after={"status": "closed"})
    db.session.flush()


def nomination_opened(round_: Round) -> bool:
    """Once any committee has reached nomination, the criteria are those nominees are vetted against."""
    return bool(db.session.scalar(select(exists().where(
        CommitteeElection.round_id == round_.id,
        CommitteeElection.stage.not_in(stages.before("nomination"))))))


def current_criteria(round_: Round) -> CriteriaVersion:
    return round_.criteria_versions[-1]


CRITERIA_LISTS = ("five_good", "ten_cannot")


def criteria_problems(items: list[dict]) -> list[Problem]:
    problems = []
    ids = [item["id"] for item in items]
    for position, item in enumerate(items, start=1):
        if not item["id"] or not item["zh"]:
            problems.append(Problem(N_("Item %(n)s needs an id and a Chinese text."), {"n": position}))
        if item["list"] not in CRITERIA_LISTS:
            problems.append(Problem(N_("Item %(n)s belongs to no list."), {"n": position}))
        if not set(item.get("kinds") or ()) <= set(COMMITTEE_KINDS):
            problems.append(Problem(N_("Item %(n)s applies to an unknown kind of committee."), {"n": position}))
        if item.get("lookback_years") is not None and not 0 < item["lookback_years"] <= 50:
            problems.append(Problem(N_("Item %(n)s: the look-back period is 1 to 50 years."), {"n": position}))
    duplicates = sorted({i for i in ids if ids.count(i) > 1 and i})
    if duplicates:
        problems.append(Problem(N_("Item ids must be unique: %(ids)s."), {"ids": ", ".join(duplicates)}))
    for list_name in CRITERIA_LISTS:
        if not any(item["list"] == list_name for item in items):
            problems.append(Problem(N_("Each list needs at least one item.")))
            break
    return problems


def save_criteria(round_: Round, items: list[dict], note: str, actor=None) -> CriteriaVersion:
    """R-CAND-3: the criteria are data of the round, edited by the city before nomination opens."""
    _require_open(round_)
    if nomination_opened(round_):
        raise RoundsError([Problem(N_("Nomination has opened in this round: the criteria can no longer change."),
                                   rule="R-CAND-3")])
    problems = criteria_problems(items)
    for bar in statutory_bars(round_.rules):
        if bar not in items:
            problems.append(Problem(N_("%(id)s (%(text)s) is a bar set by law under rule set %(ruleset)s: it cannot be "
                                       "removed or changed."), {"id": bar["id"], "text": bar["zh"],
                                                                 "ruleset": round_.rules.name}, rule="R26-CAND"))
    if not note.strip():
        problems.append(Problem(N_("Say why the criteria change."), field="note"))
    if problems:
        raise RoundsError(problems)
    previous = current_criteria(round_)
    if previous.items == items:
        raise RoundsError([Problem(N_("Nothing changed."))])
    version = CriteriaVersion(round_id=round_.id, version=previous.version + 1, items=items,
                              note=note.strip(), created_by=actor_name(actor))
    db.session.add(version)
    db.session.flush()
    record(actor, CITY_CODE, "round.criteria", "criteria_version", version.id,
           before={"version": previous.version, "items": previous.items},
           after={"version": version.version, "items": items, "note": version.note})
    db.session.flush()
    return version


# ---- committee elections ---------------------------------------------------------------------

def election_for(round_: Round, committee_code: str) -> CommitteeElection | None:
    return db.session.scalar(select(CommitteeElection).where(
        CommitteeElection.round_id == round_.id, CommitteeElection.committee_code == committee_code))


def elections_of_committee(code: str) -> list[CommitteeElection]:
    """The committee's elections in the open rounds, the latest round first."""
    return list(db.session.scalars(select(CommitteeElection).join(Round, Round.id == CommitteeElection.round_id)
                                   .where(CommitteeElection.committee_code == code, Round.status == "open")
                                   .order_by(Round.id.desc())))


def plan_of(election: CommitteeElection) -> Plan:
    return Plan(**{name: getattr(election, name) for name in PLAN_FIELDS})


def reached_on(election: CommitteeElection) -> dict:
    """The day each stage was first reached, from the election's stage history."""
    days = {}
    for change in election.stage_changes:
        days.setdefault(change.to_stage, change.on_date)
    return days


def schedule_of(election: CommitteeElection) -> calendar.Schedule:
    held = [c.on_date for c in election.stage_changes
            if c.from_stage == "supplementary_pending" and c.to_stage == "counted"]
    latest = db.session.scalar(select(func.max(RollVersion.published_on)).where(RollVersion.election_id == election.id))
    return calendar.Schedule(stage=election.stage, election_day=election.election_day,
                             reached_on=reached_on(election), supplementary_held_on=held[-1] if held else None,
                             window_last_day=election.round.last_day, list_published_on=latest)


# Plan values that stay open while the committee is still preparing (R-SIZE-1: seats are set
# before nomination; the roll depends on the mode); the day moves later under check_new_day.
_PLAN_OPEN_UNTIL = {"mode": "roll_published", "seats": "nomination", "ballot_method": "nomination",
                    "election_day": "voting", "venue": "counted"}


def _locked_problems(election: CommitteeElection, changes: dict) -> list[Problem]:
    problems = []
    for name, value in changes.items():
        key = "seats" if name in SEAT_FIELDS else name
        if value != getattr(election, name) and stages.reached(election.stage, _PLAN_OPEN_UNTIL[key]):
            problems.append(Problem(N_("This value can no longer change at this stage of the election."),
                                    rule="R-SIZE-1" if key == "seats" else None, field=name))
    return problems


def plan_changes_problems(election: CommitteeElection, changes: dict) -> list[Problem]:
    """Everything wrong with applying `changes` (None values: unchanged) to `election`'s plan."""
    changes = {k: v for k, v in changes.items() if v is not None}
    round_ = election.round
    problems = _locked_problems(election, changes)
    plan = plan_of(election).merged(changes)
    problems += check_plan(election.kind, plan, round_.rules, round_.window, complete=False)
    new_day = changes.get("election_day")
    if new_day is not None and new_day != election.election_day:
        problems += calendar.check_new_day(schedule_of(election), new_day, election.rules)
        governing = ruleset_for(new_day)
        if governing is not election.rules and election.stage != "setup":
            # rules.md: the day chooses the rule set; registration has begun under the present one.
            problems.append(Problem(N_("Election day %(day)s is under rule set %(new)s, but this election has "
                                       "begun registering under rule set %(old)s: choose a day under %(old)s."),
                                    {"day": new_day.isoformat(), "new": governing.name, "old": election.rules.name},
                                    field="election_day"))
    return problems


def _plan_snapshot(election: CommitteeElection) -> dict:
    values = {name: getattr(election, name) for name in (*PLAN_FIELDS, "venue")}
    values["election_day"] = values["election_day"].isoformat() if values["election_day"] else None
    return values


def update_plan(election: CommitteeElection, changes: dict, actor=None) -> None:
    _require_open(election.round)
    problems = plan_changes_problems(election, changes)
    if problems:
        raise RoundsError(problems)
    _apply_plan(election, changes, actor)
    db.session.flush()


def _apply_plan(election: CommitteeElection, changes: dict, actor) -> bool:
    before = _plan_snapshot(election)
    for name, value in changes.items():
        if value is not None:
            setattr(election, name, value)
    after = _plan_snapshot(election)
    if after == before:
        return False
    record(actor, election.committee_code, "election.plan", "committee_election", election.id,
           before={k: v for k, v in before.items() if after[k] != v},
           after={k: v for k, v in after.items() if before[k] != v})
    return True


@dataclass
class PlanReport:
    """The outcome of a plan file or of the common values for a township: all or nothing."""

    problems: list[tuple[int | None, str | None, Problem]] = field(default_factory=list)  # row, committee, problem
    changed: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def elections_of(round_: Round, codes: list[str]) -> dict[str, CommitteeElection]:
    found = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start:start + 500]
        found.update((e.committee_code, e) for e in db.session.scalars(
            select(CommitteeElection).where(CommitteeElection.round_id == round_.id,
                                            CommitteeElection.committee_code.in_(chunk))))
    return found


def apply_plans(round_: Round, rows: list[tuple[int | None, str, dict]], actor=None, *,
                scope_code: str = CITY_CODE, check_only: bool = False) -> PlanReport:
    """Apply plan changes to many committees at once, or none of them if any row is bad.

    `rows`: (row number or None, committee code, changes). `scope_code` is the unit the user may
    plan for: a township official's upload cannot touch another township's committees.
    `check_only` reports the problems and writes nothing (a file with unreadable rows is still
    checked in full, so that one round of corrections fixes everything).
    """
    _require_open(round_)
    report = PlanReport()
    elections = elections_of(round_, [code for _, code, _ in rows])
    seen = {}
    for row, code, changes in rows:
        election = elections.get(code)
        if code in seen:
            report.problems.append((row, code, Problem(
                N_("The committee %(code)s is listed twice (also in row %(other)s)."),
                {"code": code, "other": seen[code]}, field="committee")))
            continue
        seen[code] = row
        if election is None or not within(scope_code, code):
            report.problems.append((row, code, Problem(
                N_("No committee %(code)s in this round within your jurisdiction."), {"code": code},
                field="committee")))
            continue
        report.problems += [(row, code, p) for p in plan_changes_problems(election, changes)]
    if report.problems or check_only:
        return report
    for _, code, changes in rows:
        if _apply_plan(elections[code], changes, actor):
            report.changed += 1
        else:
            report.unchanged += 1
    db.session.flush()
    return report


def move_stage(election: CommitteeElection, target: str, actor=None, *, today: date | None = None,
               override_reason: str | None = None) -> StageChange:
    """Move an election to its next stage, refusing a move that breaks a deadline unless overridden."""
    _require_open(election.round)
    today = today or beijing_today()
    rules = election.rules
    plan_problems = check_plan(election.kind, plan_of(election), rules, election.round.window, complete=True)
    problems = calendar.check_move(schedule_of(election), target, rules, today, plan_problems)
    reason = (override_reason or "").strip()
    blocking = [p for p in problems if not p.overridable]
    overridable = [p for p in problems if p.overridable]
    if overridable and not blocking and reason:
        if getattr(actor, "role", None) not in OVERRIDERS:
            blocking.append(Problem(N_("Only a district official may override a deadline.")))
    elif overridable:
        blocking += overridable
    if blocking:
        raise RoundsError(blocking)
    overridden = [p.rule for p in overridable] or None
    change = StageChange(election=election, from_stage=election.stage, to_stage=target, on_date=today,
                         actor=actor_name(actor), overridden=overridden, reason=reason if overridden else None)
    db.session.add(change)
    if target == "counted" and election.first_counted_on is None:
        election.first_counted_on = today
    record(actor, election.committee_code, "election.stage.override" if overridden else "election.stage",
           "committee_election", election.id, before={"stage": election.stage},
           after={"stage": target, "on": today.isoformat(),
                  **({"overridden": overridden, "reason": reason} if overridden else {})})
    election.stage = target
    figures.refresh(election)  # the statistics follow every stage, in this transaction
    return change


# ---- the election committee (选举委员会) ----------------------------------------------------------

def add_member(election: CommitteeElection, name: str, position: str, phone: str, actor=None,
               *, today: date | None = None) -> ElectionCommitteeMember:
    _require_open(election.round)
    name, phone = name.strip(), phone.strip()
    problems = []
    if not name:
        problems.append(Problem(N_("The member needs a name."), field="name"))
    if position not in election_committee.POSITIONS:
        problems.append(Problem(N_("Not a position on the election committee."), field="position"))
    active = [m for m in election.members if m.active]
    if any(m.name == name for m in active):
        problems.append(Problem(N_("%(name)s is on the election committee already."), {"name": name}, field="name"))
    if position == "chair" and any(m.position == "chair" for m in active):
        problems.append(Problem(N_("The election committee has a chair already."), field="position"))
    if problems:
        raise RoundsError(problems)
    member = ElectionCommitteeMember(election=election, name=name, position=position, phone=phone,
                                     joined_on=today or beijing_today())
    db.session.add(member)
    db.session.flush()
    record(actor, election.committee_code, "election_committee.add", "election_committee_member", member.id,
           after={"name": name, "position": position, "phone": phone})
    db.session.flush()
    return member


def remove_member(member: ElectionCommitteeMember, reason: str, actor=None, *, today: date | None = None) -> None:
    _require_open(member.election.round)
    if not member.active:
        raise RoundsError([Problem(N_("This member has left the election committee already."))])
    if not reason.strip():
        raise RoundsError([Problem(N_("Say why the member leaves."), field="reason")])
    _leave(member, reason.strip(), actor, today or beijing_today())
    db.session.flush()


def _leave(member: ElectionCommitteeMember, reason: str, actor, today: date) -> None:
    member.left_on, member.left_reason = today, reason
    record(actor, member.election.committee_code, "election_committee.leave", "election_committee_member",
           member.id, before={"name": member.name, "position": member.position},
           after={"left_on": today.isoformat(), "reason": reason})


def withdraw_members(election: CommitteeElection, member_ids: list[int], reason: str, actor=None,
                     *, today: date | None = None) -> list[ElectionCommitteeMember]:
    """R-CAND-4 (R26-CAND): the members nomination takes off the election committee; the candidates
    package decides who, this records it in the caller's transaction."""
    leaving = [m for m in election.members if m.active and m.id in set(member_ids)]
    for member in leaving:
        _leave(member, reason, actor, today or beijing_today())
    return leaving


def count_elections(round_: Round) -> int:
    return db.session.scalar(select(func.count()).where(CommitteeElection.round_id == round_.id))
