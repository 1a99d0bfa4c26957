"""Applying a checked import to the rolls, all or nothing; discarding or deleting one."""
from datetime import date, datetime, timezone

from sqlalchemy import and_, delete, exists, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from ...audit.services import actor_name, record
from ...clock import beijing_today
from ...extensions import db
from ...messages import N_, Problem
from ...rounds.models import CommitteeElection, Round
from ..models import Household, ImportProblem, ImportRow, RollImport, RollVersion, Voter, VoterGroup, VoterRelative
from ..relatives import INVERSE
from .bulk import BATCH, analyze, drop_rows, sqlite_cache, whole
from .check import staged_relatives
from .refusals import ImportRefused, require_open


def apply_import(roll_import: RollImport, actor, *, today: date | None = None) -> dict:
    """Write a checked import's groups, households and voters, all or nothing, with one audit entry
    per committee; returns the per-committee summary. Households and groups already on a roll are
    reused. Raises ImportRefused, having written nothing, if the import is not `checked` or the
    rolls changed since the check in a way that makes it wrong."""
    round_ = db.session.get(Round, roll_import.round_id)
    require_open(round_)
    _require_checked(roll_import)
    _refuse_published_since_check(roll_import)
    import_id, today = roll_import.id, today or beijing_today()
    staged = ImportRow.__table__.c
    group, household = VoterGroup.__table__.c, Household.__table__.c
    mine = whole(import_id)
    try:
        with sqlite_cache():  # no savepoint: SQLite would journal a million rows' pages in memory for it
            db.session.execute(insert(VoterGroup).from_select(
                ["election_id", "name"],
                select(staged.election_id, staged.group_name).distinct()
                .where(mine, staged.group_name != "", ~exists().where(group.election_id == staged.election_id,
                                                                      group.name == staged.group_name))))
            db.session.execute(insert(Household).from_select(
                ["election_id", "number", "address", "group_id"],
                select(staged.election_id, staged.household, func.max(staged.address), func.max(group.id))
                .select_from(ImportRow.__table__.outerjoin(VoterGroup.__table__, and_(
                    group.election_id == staged.election_id, group.name == staged.group_name)))
                .where(mine, ~exists().where(household.election_id == staged.election_id,
                                             household.number == staged.household))
                .group_by(staged.election_id, staged.household)))
            # Numbers continue each roll's (编号), in the file's order: the row's place among its
            # committee's rows, counted when it was checked, after the roll's last number. Only the
            # rows of committees with voters already are moved on, each by one index lookup.
            voter = Voter.__table__.c
            last = select(func.max(voter.number)).where(voter.election_id == staged.election_id).scalar_subquery()
            db.session.execute(update(ImportRow.__table__).where(
                mine, staged.election_id.in_(select(voter.election_id).where(
                    voter.election_id.in_(select(staged.election_id).where(mine).distinct())).distinct()))
                .values(seq=staged.seq + last))
            db.session.execute(insert(Voter).from_select(
                ["round_id", "election_id", "household_id", "number", "name", "id_number", "sex", "birth_date", "hukou_place",
                 "category", "consent_body", "consent_on", "opted_in_on", "household_representative", "status",
                 "status_reason", "status_on", "added_on", "import_id"],
                select(literal(round_.id), staged.election_id, household.id, staged.seq, staged.name, staged.id_number,
                       staged.sex, staged.birth_date, staged.hukou_place, staged.category, staged.consent_body,
                       staged.consent_on, staged.opted_in_on, staged.household_representative, staged.status,
                       staged.status_reason, literal(today), literal(today), literal(import_id))
                .join(Household.__table__, and_(household.election_id == staged.election_id,
                                            household.number == staged.household))
                .where(mine).order_by(staged.id)))
            _link_relatives(import_id, round_.id, today, actor)
            db.session.execute(delete(ImportRow.__table__).where(mine))
            analyze(VoterGroup, Household, Voter)
    except IntegrityError:  # someone registered one of these people since the check (R-ROLL-3):
        # refused, and the unit of work rolls back what was inserted before the conflict
        raise ImportRefused([_changed_since_check("R-ROLL-3")]) from None
    roll_import.status, roll_import.applied_by = "applied", actor_name(actor)
    roll_import.applied_at = datetime.now(timezone.utc)
    for code, counts in roll_import.summary.items():
        record(actor, code, "roll.import", "roll_import", import_id, after=counts)
    db.session.flush()
    return roll_import.summary


def _link_relatives(import_id: int, round_id: int, today, actor) -> None:
    """R26-SIZE: the near relatives the file names, now that everyone is on the roll; a pair named
    from both sides, or recorded already, is recorded once."""
    staged = ImportRow.__table__.c
    rows = db.session.execute(select(staged.election_id, staged.id_number, staged.relatives).where(
        staged.import_id == import_id, staged.relatives.is_not(None))).all()
    if not rows:
        return
    numbers = {n for _e, own, text in rows for n in [own, *(number for number, _ in staged_relatives(text))]}
    voter = Voter.__table__.c
    ids = {}
    for start in range(0, len(numbers), BATCH):
        chunk = sorted(numbers)[start:start + BATCH]
        ids.update({(e, n): i for i, e, n in db.session.execute(select(voter.id, voter.election_id, voter.id_number)
                                                                .where(voter.round_id == round_id, voter.status != "removed",
                                                                       voter.id_number.in_(chunk)))})
    existing = {(a, b) for a, b in db.session.execute(select(VoterRelative.voter_id, VoterRelative.relative_id).where(
        VoterRelative.election_id.in_(sorted({e for e, _, _ in rows}))))}
    by = actor_name(actor)
    for election_id, own, text in rows:
        for number, relation in staged_relatives(text):
            me, other = ids[election_id, own], ids[election_id, number]
            low, high = sorted((me, other))
            if (low, high) in existing:
                continue
            existing.add((low, high))
            # The file says what the relative is to the row's person; the pair says it from the lower id's side.
            said = INVERSE[relation] if low == me else relation
            db.session.add(VoterRelative(election_id=election_id, voter_id=low, relative_id=high, relation=said,
                                         recorded_on=today, recorded_by=by))
    db.session.flush()


def discard_import(roll_import: RollImport, actor) -> None:
    """Drop a checked import's staging rows and problems; its counts stay."""
    _require_checked(roll_import)
    drop_rows(roll_import.id)
    roll_import.status = "discarded"
    record(actor, roll_import.scope_code, "roll.import.discard", "roll_import", roll_import.id,
           after={"filename": roll_import.filename, "rows": roll_import.rows})
    db.session.flush()


def delete_import(roll_import: RollImport) -> None:
    """Remove an import and its report without a trace: for a check that was only a check
    (`flask rolls import --check-only`)."""
    for model in (ImportRow, ImportProblem):
        db.session.execute(delete(model.__table__).where(model.import_id == roll_import.id))
    db.session.delete(roll_import)
    db.session.flush()


def _require_checked(roll_import: RollImport) -> None:
    messages = {
        "applied": N_("This import has been applied already."),
        "discarded": N_("This import was discarded."),
        "rejected": N_("This import has errors and cannot be applied: correct the file and import it again."),
        "superseded": N_("A later file for the same unit has replaced this import."),
    }
    if roll_import.status != "checked":
        raise ImportRefused([Problem(messages[roll_import.status])])


def _changed_since_check(rule: str) -> Problem:
    return Problem(N_("The rolls have changed since this file was checked: import the file again to check it "
                      "against them."), rule=rule)


def _refuse_published_since_check(roll_import: RollImport) -> None:
    """R-ROLL-7: a roll published since the check takes changes only as additions and removals.
    (A person registered elsewhere since the check, R-ROLL-3, is refused by the voters' unique index.)"""
    published = select(RollVersion.id).join(CommitteeElection, CommitteeElection.id == RollVersion.election_id).where(
        CommitteeElection.round_id == roll_import.round_id,
        CommitteeElection.committee_code.in_(list(roll_import.summary or {})))
    if db.session.scalar(select(exists(published))):
        raise ImportRefused([_changed_since_check("R-ROLL-7")])
