"""Checking a roll file: each row as it is read, then the checks across rows in SQL over the
staging rows (see the package's docstring)."""
import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import aliased

from ...audit.services import actor_name
from ...clock import beijing_today
from ...extensions import db
from ...geography.codes import within
from ...geography.models import Division
from ...messages import N_, Problem
from ...rounds.models import CommitteeElection, Round
from ...rulesets import ruleset_for
from .. import eligibility, idnumber, roll_file
from ..models import Household, ImportProblem, ImportRow, RollImport, RollVersion, Voter, VoterGroup
from .bulk import BATCH, PROBLEM, BatchWriter, analyze, drop_rows, sqlite_cache, whole, write
from .refusals import require_open

ERROR, NOTICE = "error", "notice"
_COLUMN = roll_file.HEADERS


@dataclass(frozen=True)
class _Election:
    """What the row checks need of a committee election."""

    id: int
    code: str
    name: str
    kind: str
    mode: str
    election_day: date | None
    latest_birth: date | None  # R-ROLL-1: born on this day or before, a person is of age on election day
    rules: object  # the rule set of the election day (rules.md), the round's until the day is set


def _latest_birth(election_day: date, rules) -> date:
    """The last birth date that is of age on `election_day` (R-ROLL-1). `eligibility.of_age` decides;
    it only gets harder with a later birth date, so its boundary is found by walking back a few
    days from the same day 18 years before, and each row then costs one comparison."""
    born = date(election_day.year - rules.voting_age, election_day.month, min(election_day.day, 28))
    born += timedelta(days=4)
    while not eligibility.of_age(born, election_day, rules):
        born -= timedelta(days=1)
    return born


def check_import(round_: Round, data_or_path, filename: str, scope_code: str, actor, *,
                 progress=None) -> RollImport:
    """Check a roll file for the unit `scope_code` (a township or committee; the city for the CLI)
    and keep its good rows for `apply_import`. Returns the import, `checked` or `rejected`, with
    its counts, its per-committee summary and every problem written, flushed for the request or
    command to commit.

    `data_or_path`: the file's content or a path to it. `progress(rows read, rows expected or
    None)` is called after every batch.
    """
    require_open(round_)
    new_import = lambda: RollImport(round_id=round_.id, scope_code=scope_code, filename=filename[:200],  # noqa: E731
                                    uploaded_by=actor_name(actor), status="checked")
    _supersede_earlier(round_, scope_code)
    roll_import = new_import()
    db.session.add(roll_import)
    db.session.flush()
    try:
        with db.session.begin_nested(), roll_file.open_roll(data_or_path, filename) as roll, sqlite_cache():
            _check_rows(roll_import, roll, round_, scope_code, progress)
    except roll_file.RollFileError as error:  # the file as a whole: nothing of it is kept but the report
        roll_import.rows = roll_import.bad_rows = 0
        roll_import.summary = None
        write(ImportProblem, PROBLEM, [_problem_row(roll_import.id, None, p, ERROR) for p in error.problems])
        roll_import.status, roll_import.problems = "rejected", len(error.problems)
    db.session.flush()
    return roll_import


def _check_rows(roll_import: RollImport, roll: roll_file.RollFile, round_: Round, scope_code: str,
                progress) -> None:
    checker = _RowChecker(round_, roll_import.id, scope_code)
    with BatchWriter() as writer:
        staged, problems = [], []
        for row in roll:
            checker.check(row, staged, problems)
            if len(staged) >= BATCH or len(problems) >= BATCH:
                writer.write(staged, problems)
                staged, problems = [], []
                if progress:
                    progress(checker.rows, roll.estimated_rows)
        writer.write(staged, problems)
    if progress:
        progress(checker.rows, roll.estimated_rows)
    analyze(ImportRow)
    if checker.rows == 0:
        write(ImportProblem, PROBLEM, [_problem_row(roll_import.id, None, Problem(
            N_("The file lists nobody: it has the headers but no rows.")), ERROR)])
    cross_row_bad, roll_import.summary = _check_across_rows(roll_import, round_, checker.elections_by_id,
                                                            checker.staged_elections)
    roll_import.rows = checker.rows
    roll_import.bad_rows = checker.bad_rows + cross_row_bad
    roll_import.problems = db.session.scalar(select(func.count()).where(
        ImportProblem.import_id == roll_import.id, ImportProblem.severity == ERROR))
    if roll_import.problems:
        roll_import.status = "rejected"
        db.session.execute(delete(ImportRow.__table__).where(whole(roll_import.id)))


class _RowChecker:
    """The checks of one row, with what they need looked up once per file: the round's committee
    elections, the committees' names, the verdict on each committee code met."""

    def __init__(self, round_: Round, import_id: int, scope_code: str):
        self.import_id, self.scope_code = import_id, scope_code
        self.today = beijing_today()
        self.rows = self.bad_rows = 0
        self.names = names = dict(db.session.execute(
            select(Division.code, Division.name).where(Division.level == "committee")).all())
        self.scope_name = db.session.scalar(select(Division.name).where(Division.code == scope_code)) or scope_code
        published = select(RollVersion.election_id)
        self.elections, self.published = {}, set()
        for id_, code, kind, mode, day, is_published in db.session.execute(
                select(CommitteeElection.id, CommitteeElection.committee_code, CommitteeElection.kind,
                       CommitteeElection.mode, CommitteeElection.election_day,
                       CommitteeElection.id.in_(published))
                .where(CommitteeElection.round_id == round_.id)):
            rules = ruleset_for(day) if day else round_.rules
            self.elections[code] = _Election(id_, code, names.get(code, code), kind, mode, day,
                                             day and _latest_birth(day, rules), rules)
            if is_published:
                self.published.add(code)
        self.elections_by_id = {e.id: e for e in self.elections.values()}
        self.verdicts = {}  # committee code → (election or None, problem or None)
        self.reported = set()  # the codes whose problem is in the report already: once per committee
        self.categories = {}  # (rule set, kind, category) → _Category
        self.statuses = {}  # (rule set, kind, category, consent body, consent day, opt-in day) → (status, reason)
        self.staged_elections = set()  # the elections with good rows
        self.seq = {}  # election id → its good rows so far (each staged row's place among them)

    def _verdict(self, code: str) -> tuple[_Election | None, Problem | None]:
        """The committee a row names, or why none of its rows can be imported."""
        field = _COLUMN["committee"]
        election = self.elections.get(code)
        if code not in self.names:
            return None, Problem(N_("No committee has the code %(code)s."), {"code": code}, field=field)
        if election is None:
            return None, Problem(N_("The committee %(code)s has no election in this round."), {"code": code},
                                 field=field)
        if not within(self.scope_code, code):
            return None, Problem(N_("The committee %(name)s (%(code)s) is not in %(scope)s, the unit this file is "
                                    "imported for."), {"name": election.name, "code": code, "scope": self.scope_name},
                                 field=field)
        if election.election_day is None:
            return None, Problem(N_("The committee %(name)s (%(code)s) has no election day yet: age is counted on "
                                    "that day, so set it in the election plan first."),
                                 {"name": election.name, "code": code}, rule="R-ROLL-1", field=field)
        if code in self.published:
            return None, Problem(N_("The roll of %(name)s (%(code)s) is published: changes after publication go "
                                    "through additions and removals."), {"name": election.name, "code": code},
                                 rule="R-ROLL-7", field=field)
        return election, None

    def check(self, row: roll_file.RollRow, staged: list, problems: list) -> None:
        """Check one row: a good row goes to `staged`, every problem (and notice) to `problems`."""
        self.rows += 1
        found = row.problems  # the reader's, and this row's own
        election = committee_problem = None
        if row.committee is None:
            _require(row, "committee", found)
        else:
            verdict = self.verdicts.get(row.committee)
            if verdict is None:
                verdict = self.verdicts[row.committee] = self._verdict(row.committee)
            election, committee_problem = verdict
            if committee_problem is not None and row.committee not in self.reported:
                # Reported once: the committee's other rows are not imported either, for the same reason.
                self.reported.add(row.committee)
                found.append(committee_problem)
        if not row.name:
            _require(row, "name", found)
        number = idnumber.check(row.id_number, self.today)  # R-ROLL-6
        if isinstance(number, Problem):
            if row.id_number or not any(p.field == _COLUMN["id_number"] for p in row.problems):
                found.append(_at(number, "id_number"))  # unless the reader said why it is empty
        else:
            if (row.birth_date is not None and row.birth_date != number.birth_date
                    or row.sex is not None and row.sex != number.sex):
                found += idnumber.agreement(number, row.birth_date, row.sex)
            if election is not None and number.birth_date > election.latest_birth:
                found.append(_at(eligibility.age_problem(number.birth_date, election.election_day, election.rules),
                                 "birth_date"))  # R-ROLL-1
        category = None
        if row.category is None:
            _require(row, "category", found)
        elif election is not None:
            category = self._category(election, row.category)
            if category.problem is not None:  # R-ROLL-2
                found.append(_at(category.problem, "category"))
        if not row.household:
            _require(row, "household", found)
        if found or committee_problem is not None:
            self.bad_rows += 1
            problems += [_problem_row(self.import_id, row.row, p, ERROR, row.name) for p in found]
            return
        status = category.status or self._status(election, row)
        if status[1] == eligibility.CONSENT_PENDING:
            notice = eligibility.consent_problem(election.kind, row.category, row.consent_body, row.consent_on,
                                                 election.rules, self.today)
            problems.append(_problem_row(self.import_id, row.row, _at(notice, "category"), NOTICE, row.name))
        elif status[1] == eligibility.OPT_IN_PENDING:  # R26-ROLL: listed, registered once they say so
            notice = eligibility.opt_in_problem(election.kind, row.category, row.opted_in_on, election.rules,
                                                self.today)
            problems.append(_problem_row(self.import_id, row.row, _at(notice, "category"), NOTICE, row.name))
        self.staged_elections.add(election.id)
        self.seq[election.id] = seq = self.seq.get(election.id, 0) + 1
        staged.append((self.import_id, row.row, election.id, row.name, number.number, number.sex,
                       number.birth_date.isoformat(), row.household, row.address, row.group, row.category,
                       row.hukou_place, row.household_representative, row.consent_body,
                       row.consent_on and row.consent_on.isoformat(), *status, seq,
                       row.opted_in_on and row.opted_in_on.isoformat(),
                       row.relatives and ";".join(f"{n}:{r}" for n, r in row.relatives) or None))

    def _category(self, election: _Election, category: int) -> "_Category":
        rules, kind = election.rules, election.kind
        found = self.categories.get((rules.name, kind, category))
        if found is None:
            problem = eligibility.category_problem(kind, category, rules)
            # Without consent or an opt-in day to record, the status is the same for every row of the category.
            status = (None if problem or eligibility.consent_bodies(kind, category, rules)
                      or eligibility.opts_in(kind, category, rules) else
                      eligibility.status_for(kind, category, None, None, rules, self.today))
            found = self.categories[(rules.name, kind, category)] = _Category(problem, status)
        return found

    def _status(self, election: _Election, row: roll_file.RollRow) -> tuple[str, str | None]:
        """R-ROLL-2 and R26-ROLL: registered, or not registered until the consent its category needs
        is recorded or the person says they will take part."""
        key = (election.rules.name, election.kind, row.category, row.consent_body, row.consent_on, row.opted_in_on)
        status = self.statuses.get(key)
        if status is None:
            status = self.statuses[key] = eligibility.status_for(
                election.kind, row.category, row.consent_body, row.consent_on, election.rules, self.today,
                row.opted_in_on)
        return status


@dataclass(frozen=True)
class _Category:
    """R-ROLL-2 for one registration category of one committee kind."""

    problem: Problem | None  # not a category of this kind
    status: tuple[str, str | None] | None  # the status of its rows, when it needs no consent


def _require(row: roll_file.RollRow, name: str, found: list) -> None:
    """An empty required cell, unless the reader has said already why it could not read it."""
    header = _COLUMN[name]
    if not any(p.field == header for p in row.problems):
        found.append(Problem(N_("This value is required."), field=header))


def _at(problem: Problem, name: str) -> Problem:
    """A problem of the law modules, placed in the file's column `name`."""
    return Problem(problem.message, problem.params, problem.rule, _COLUMN[name])


def _problem_row(import_id: int, row: int | None, problem: Problem, severity: str, name: str | None = None) -> tuple:
    """A roll_import_problems row: the message as a msgid and its parameters, for the reader's language,
    and the name of the person in the row, shown beside its number."""
    return (import_id, row, roll_file.column_of(problem.field), problem.message,
            json.dumps(problem.params, ensure_ascii=False), problem.rule, severity, name and name[:50])


def _committee(elections_by_id: dict, election_id: int) -> dict:
    election = elections_by_id[election_id]
    return {"name": election.name, "code": election.code}


def _check_across_rows(roll_import: RollImport, round_: Round, elections_by_id: dict,
                       in_file: set) -> tuple[int, dict]:
    """R-ROLL-3, one group per household and R-MODE-2 over the staged rows (of the elections
    `in_file`): writes their problems, and returns the number of rows they make bad and the
    per-committee summary."""
    import_id = roll_import.id
    staged = ImportRow.__table__.c
    found: list[tuple[int, str | None, Problem]] = []
    other = aliased(ImportRow.__table__)

    # R-ROLL-3: the same person twice in the file; each row names the other and both committees.
    twice = select(staged.id_number).where(staged.import_id == import_id).group_by(staged.id_number).having(
        func.count() > 1)
    for row, name, id_number, election_id, other_row, other_election in db.session.execute(
            select(staged.row, staged.name, staged.id_number, staged.election_id, other.c.row, other.c.election_id)
            .join(other, and_(other.c.import_id == import_id, other.c.id_number == staged.id_number,
                              other.c.row != staged.row))
            .where(staged.import_id == import_id, staged.id_number.in_(twice))
            .order_by(staged.row, other.c.row)):
        this, that = elections_by_id[election_id], elections_by_id[other_election]
        found.append((row, name, Problem(
            N_("%(id_number)s is also in row %(other_row)s: row %(row)s would register them with %(name)s "
               "(%(code)s) and row %(other_row)s with %(other_name)s (%(other_code)s), but a person is on one "
               "roll only."),
            {"id_number": id_number, "row": row, "other_row": other_row, "name": this.name, "code": this.code,
             "other_name": that.name, "other_code": that.code}, rule="R-ROLL-3", field=_COLUMN["id_number"])))

    # R-ROLL-3: already on a roll of the round, anywhere in the city (a removed entry no longer counts).
    voter = Voter.__table__.c
    for row, name, id_number, election_id, other_election in db.session.execute(
            select(staged.row, staged.name, staged.id_number, staged.election_id, voter.election_id)
            .join(Voter.__table__, and_(voter.round_id == round_.id, voter.id_number == staged.id_number,
                                        voter.status != "removed"))
            .where(whole(import_id)).order_by(staged.row)):
        this, that = elections_by_id[election_id], elections_by_id[other_election]
        if within(roll_import.scope_code, that.code):
            found.append((row, name, Problem(
                N_("%(id_number)s is already on the roll of %(other_name)s (%(other_code)s) in this round; this "
                   "row would register them with %(name)s (%(code)s) too, but a person is on one roll only."),
                {"id_number": id_number, "name": this.name, "code": this.code, "other_name": that.name,
                 "other_code": that.code}, rule="R-ROLL-3", field=_COLUMN["id_number"])))
        else:  # where a person lives outside the uploader's jurisdiction is not the uploader's to learn
            found.append((row, name, Problem(
                N_("%(id_number)s is already registered elsewhere in this round; this row would register them "
                   "with %(name)s (%(code)s) too, but a person is on one roll only."),
                {"id_number": id_number, "name": this.name, "code": this.code}, rule="R-ROLL-3",
                field=_COLUMN["id_number"])))

    found += _relatives_problems(import_id, round_, elections_by_id)
    household_problems, summary = _households(import_id, elections_by_id, in_file)
    found += [(row, None, p) for row, p in household_problems]  # about a household, not one person
    if found:
        write(ImportProblem, PROBLEM, [_problem_row(import_id, row, p, ERROR, name) for row, name, p in found])
        # These checks refuse rows the row checks let through: the summary counts the rows without
        # errors, so it is taken again without them (the import is rejected; its rows go anyway).
        db.session.execute(delete(ImportRow.__table__).where(whole(import_id), staged.row.in_(
            select(ImportProblem.row).where(ImportProblem.import_id == import_id, ImportProblem.severity == ERROR))))
        summary = _households(import_id, elections_by_id, in_file)[1]
    return len({row for row, _, _ in found}), summary


def staged_relatives(text: str) -> list[tuple[str, str]]:
    """The staged 近亲属 cell, "ID number:relation;…", as (ID number, relation) pairs."""
    return [tuple(item.split(":", 1)) for item in text.split(";")]


def _relatives_problems(import_id: int, round_: Round, elections_by_id: dict) -> list[tuple[int, str, Problem]]:
    """R26-SIZE: each near relative a row names is on the same committee's roll, or in this file for
    it; nobody is their own relative. Few rows name relatives, so they are checked in Python."""
    staged = ImportRow.__table__.c
    rows = db.session.execute(select(staged.row, staged.name, staged.election_id, staged.id_number, staged.relatives)
                              .where(whole(import_id), staged.relatives.is_not(None)).order_by(staged.row)).all()
    if not rows:
        return []
    ids = sorted({number for *_, text in rows for number, _relation in staged_relatives(text)})
    present = set()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        present.update(db.session.execute(select(staged.election_id, staged.id_number).where(
            whole(import_id), staged.id_number.in_(chunk))).all())
        present.update(db.session.execute(select(Voter.election_id, Voter.id_number).where(
            Voter.round_id == round_.id, Voter.status != "removed", Voter.id_number.in_(chunk))).all())
    found = []
    for row, name, election_id, own, text in rows:
        for number, _relation in staged_relatives(text):
            election = elections_by_id[election_id]
            if number == own:
                found.append((row, name, Problem(N_("A person is not their own relative."), rule="R26-SIZE",
                                                 field=roll_file.OPTIONAL_HEADERS["relatives"])))
            elif (election_id, number) not in present:
                found.append((row, name, Problem(
                    N_("The near relative %(id_number)s is neither on the roll of %(name)s (%(code)s) nor in this file "
                       "for it: only relatives on the same roll are recorded."),
                    {"id_number": number, "name": election.name, "code": election.code}, rule="R26-SIZE",
                    field=roll_file.OPTIONAL_HEADERS["relatives"])))
    return found


def _households(import_id: int, elections_by_id: dict, in_file: set) -> tuple[list[tuple[int, Problem]], dict]:
    """Each household of the file, as one aggregate row: it is in one group, the same as on the roll
    if it is there already; in a household election it has exactly one representative, counting those
    on the roll (R-MODE-2). The same pass counts each committee's voters, households and groups."""
    staged = ImportRow.__table__.c
    on_roll = {}  # (election, household number) → [group name, representatives]: households reused
    for election_id, number, group, representatives in db.session.execute(
            select(Household.election_id, Household.number, VoterGroup.name,
                   func.sum(case((Voter.household_representative & (Voter.status != "removed"), 1), else_=0)))
            .outerjoin(VoterGroup, VoterGroup.id == Household.group_id)
            .outerjoin(Voter, Voter.household_id == Household.id)
            .where(Household.election_id.in_(sorted(in_file)))
            .group_by(Household.election_id, Household.number, VoterGroup.name)):
        on_roll[(election_id, number)] = (group, representatives or 0)

    found, counts = [], {}
    for election_id, number, row, first, last, representatives, voters, registered in db.session.execute(
            select(staged.election_id, staged.household, func.min(staged.row),
                   func.min(func.nullif(staged.group_name, "")), func.max(staged.group_name),
                   func.sum(case((staged.household_representative, 1), else_=0)), func.count(),
                   func.sum(case((staged.status == "registered", 1), else_=0)))
            .where(whole(import_id)).group_by(staged.election_id, staged.household)
            .execution_options(yield_per=BATCH)):
        existing_group, existing_representatives = on_roll.get((election_id, number), (None, 0))
        if first is not None and first != last:
            found.append((row, Problem(
                N_("The household %(household)s is put in two groups, %(first)s and %(second)s: a household "
                   "belongs to one group."), {"household": number, "first": first, "second": last},
                field=_COLUMN["group"])))
        elif first is not None and existing_group is not None and existing_group != first:
            found.append((row, Problem(
                N_("The household %(household)s is in the group %(existing)s on the roll; this file puts it in "
                   "%(group)s."), {"household": number, "existing": existing_group, "group": first},
                field=_COLUMN["group"])))
        if elections_by_id[election_id].mode == "household":
            total = representatives + existing_representatives
            if total != 1:
                message = (N_("The household %(household)s has no household representative: in a household "
                              "election each household names one.") if total == 0 else
                           N_("The household %(household)s has %(count)d household representatives: in a household "
                              "election it names one."))
                found.append((row, Problem(message, {"household": number, "count": total}, rule="R-MODE-2",
                                           field=_COLUMN["household_representative"])))
        committee = counts.setdefault(election_id, [0, 0, 0, set()])
        committee[0] += voters
        committee[1] += registered
        committee[2] += 1
        if first is not None or existing_group is not None:
            committee[3].add(first or existing_group)
    summary = {elections_by_id[id_].code: {"voters": voters, "households": households, "groups": len(groups),
                                           "registered": registered, "not_registered": voters - registered}
               for id_, (voters, registered, households, groups) in counts.items()}
    return found, dict(sorted(summary.items()))


def _supersede_earlier(round_: Round, scope_code: str) -> None:
    """A new file for a unit replaces the earlier rejected ones: their problems go (a rejected file
    of a million bad rows would otherwise stay in the database for good), and they are marked
    superseded; their counts stay. A checked file waits to be applied or discarded."""
    earlier = db.session.scalars(select(RollImport).where(
        RollImport.round_id == round_.id, RollImport.scope_code == scope_code, RollImport.status == "rejected")).all()
    for roll_import in earlier:
        drop_rows(roll_import.id)
        roll_import.status = "superseded"
