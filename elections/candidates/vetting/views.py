"""Pages of vetting (R-CAND-3): a unit's queue of nominees, each nominee's file with the five-good
assessments, the departments' findings on the ten-cannot items and the township's decision, and
the written decision of a barred nominee.

A vetting department's account (Role.department) sees the nominees of its jurisdiction it is asked
about, with their whole ID numbers (it checks its records by them; every view is audited), and in
each file only the ten-cannot rows its department answers: no assessment, no evidence of the
decision. The township sends each department a letter with a workbook, and takes the returned
workbook whole (letters.py). Officials see and enter everything, a department's answers included
(what a department sent on paper); the committee's election committee reads its own files.
"""
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import access
from ...clock import beijing_today
from ...messages import N_, Problem
from ...rolls import idnumber
from ...roles import OFFICIALS, Role
from ...rounds import services as rounds
from ...rounds.models import CommitteeElection
from ...transactions import Refusal, attempt
from ...law.views import rule_links
from ...view_helpers import (XLSX, breadcrumbs, child_or_404, loads_election, personal_file, personal_lookup, printed,
                              problem_texts, round_or_404, unit_or_404)
from .. import services
from ..labels import POST_LABELS, VETTING_STAGE_LABELS
from ..models import Nominee
from . import documents as vetting_documents
from . import worklist
from . import law as vetting
from . import findings_file, letters
from .forms import DecisionForm, FindingForm, NothingFoundForm, ReturnedFindingsForm, assessment_form, slug

bp = Blueprint("vetting", __name__, url_prefix="/rounds/<int:round_id>/vetting")

DEPARTMENT = frozenset({Role.department})
QUEUE_READERS = OFFICIALS | DEPARTMENT
FILE_READERS = OFFICIALS | {Role.election_committee} | DEPARTMENT
ANSWERERS = OFFICIALS | DEPARTMENT  # a department answers its items; officials record any department's
DECIDERS = OFFICIALS
PRINT_READERS = OFFICIALS | {Role.election_committee}
LETTER_WRITERS = OFFICIALS  # the township writes to the departments (a district or the city may too)


def _form_problems(form) -> list[Problem]:
    return [Problem(N_("%(field)s: %(error)s"), {"field": str(form[name].label.text), "error": str(error)})
            for name, errors in form.errors.items() if name in form for error in errors]


def _is_department() -> bool:
    return current_user.role == Role.department


# ---- what one user answers ---------------------------------------------------------------------

@dataclass
class Row:
    """One answer a ten-cannot item needs: the department's finding, if it has given one."""

    department: str  # vetting.ANY_DEPARTMENT: any department may answer
    finding: object = None
    fixed: bool = True  # the department is the item's, not chosen by whoever answers
    lapsed: bool = False  # the finding holds, but the item's look-back period has run out


@dataclass
class ItemRows:
    item: dict
    rows: list[Row] = field(default_factory=list)


def answer_rows(person: Nominee, items: list[dict], mine: list[str] | None) -> list[ItemRows]:
    """The ten-cannot items and the rows of answers `mine` may see (None: every department's).
    An item that names no department is answered by any one: a department sees it until
    another department has answered it."""
    findings = person.vetting.findings if person.vetting else []
    day = person.election.election_day
    result = []
    for item in items:
        if item["list"] != vetting.TEN_CANNOT:
            continue
        given = [f for f in findings if f.item_id == item["id"]]
        named = item.get("departments") or []
        rows = []
        if named:
            for department in named:
                if mine is None or department in mine:
                    found = next((f for f in given if f.department == department), None)
                    rows.append(Row(department, found))
        else:
            own = [f for f in given if mine is None or f.department in mine]
            rows = [Row(f.department, f) for f in own]
            if not given:
                rows.append(Row(mine[0] if mine else vetting.ANY_DEPARTMENT, None, fixed=bool(mine)))
        for row in rows:
            row.lapsed = bool(row.finding and row.finding.holds
                              and vetting.lapsed(item, row.finding.ended_on, day))
        if rows:
            result.append(ItemRows(item, rows))
    return result


def _counts(rows: list[ItemRows]) -> tuple[int, int]:
    """(answered, needed) among the rows shown."""
    every = [row for entry in rows for row in entry.rows]
    return sum(row.finding is not None for row in every), len(every)


# ---- the queue ---------------------------------------------------------------------------------

@dataclass
class QueueRow:
    person: Nominee
    posts: list[str]
    chosen_post: str | None
    stage: str
    progress: vetting.Progress
    mine: tuple[int, int] | None  # a department's (answered, needed)


def _posts(person: Nominee) -> list[str]:
    named = {n.post for n in person.nominations}
    return [post for post in POST_LABELS if post in named]


def queue_rows(round_, unit, mine: list[str] | None) -> list[tuple[CommitteeElection, list[QueueRow]]]:
    elections = worklist.elections_in(round_, unit)
    people = worklist.nominees_of(elections)
    groups = []
    for election in elections:
        if not people[election.id]:
            continue
        chosen = {person.id: post for post, person in services.current_slate(election, people[election.id]).chosen()}
        rows = []
        for person in people[election.id]:
            items = services.criteria_items(person)
            rows.append(QueueRow(person, _posts(person), chosen.get(person.id), services.vetting_stage(person),
                                 services.progress_of(person),
                                 _counts(answer_rows(person, items, mine)) if mine is not None else None))
        groups.append((election, rows))
    return groups


QUEUE_FILTERS = ("pending", "answered")


def _shown_rows(groups, mine, show: str, committee: str):
    """The queue as filtered: answers still missing (for a department: its own) or none missing,
    one committee or all. A department sees only the nominees it is asked about."""
    shown = []
    for election, rows in groups:
        if committee and election.committee_code != committee:
            continue
        if mine is not None:
            rows = [row for row in rows if row.mine[1]]
        if show:
            done = (lambda row: row.mine[0] == row.mine[1]) if mine is not None else \
                (lambda row: not row.progress.missing)
            rows = [row for row in rows if done(row) == (show == "answered")]
        if rows:
            shown.append((election, rows))
    return shown


def _queue_page(round_, unit, *, returned_problems=(), upload=None, status=200):
    mine = services.departments_for(None, current_user)
    groups = queue_rows(round_, unit, mine)
    show = request.args.get("show", "") if request.args.get("show") in QUEUE_FILTERS else ""
    committee = request.args.get("committee", "")
    shown = _shown_rows(groups, mine, show, committee)
    rows = [row for _, in_group in groups for row in in_group if mine is None or row.mine[1]]
    stages = {stage: sum(row.stage == stage for row in rows) for stage in VETTING_STAGE_LABELS}
    mine_total = (sum(r.mine[0] for r in rows), sum(r.mine[1] for r in rows)) if mine is not None else None
    if _is_department() and shown:
        # A department checks its records by the whole ID number: shown, and the view audited.
        personal_lookup(unit.code, "vetting_queue", {"department": current_user.department,
                                                     "nominees": sum(len(r) for _, r in shown)})
    asked = letters.pending(letters.in_vetting([row.person for _, in_group in groups for row in in_group])) \
        if current_user.role in LETTER_WRITERS else {}
    return render_template(
        "vetting/queue.html", round=round_, unit=unit, breadcrumbs=breadcrumbs(unit), groups=shown,
        committees=[(e.committee_code, e.committee.name) for e, _ in groups], show=show, committee=committee,
        stages=stages, total=len(rows), mine=mine, mine_total=mine_total,
        department=current_user.department if _is_department() else None, asked=asked,
        upload=upload or ReturnedFindingsForm(formdata=None), returned_problems=returned_problems,
        whole_ids=current_user.role in OFFICIALS or _is_department(),
        post_labels=POST_LABELS, stage_labels=VETTING_STAGE_LABELS), status


def _queue_unit(unit_code: str):
    unit = unit_or_404(unit_code)
    if unit.level == "city":
        abort(404)  # a district at a time
    return unit


@bp.get("/<unit_code>")
@access.roles(QUEUE_READERS, unit_arg="unit_code")
def queue(round_id: int, unit_code: str):
    """Every nominee of the committees within the unit, by committee, with the stage of vetting."""
    return _queue_page(round_or_404(round_id), _queue_unit(unit_code))


@bp.get("/<unit_code>/letters/<department>.<any(pdf, xlsx):kind>")
@access.roles(LETTER_WRITERS, unit_arg="unit_code")
def letter(round_id: int, unit_code: str, department: str, kind: str):
    """The letter to one department (PDF) and its workbook (XLSX): the nominees still awaiting its
    answer, with their whole ID numbers; taking it is audited."""
    round_, unit = round_or_404(round_id), _queue_unit(unit_code)
    asked = letters.pending(letters.nominees(round_, unit)).get(department) or abort(404)
    audit = {"unit_code": unit.code, "action": "vetting.letter", "obj_type": "unit", "obj_id": unit.code,
             "after": {"department": department, "nominees": len({p.id for p, _ in asked}), "items": len(asked),
                       "document": kind}}
    if kind == "pdf":
        return printed(vetting_documents.letter_pdf(round_, unit, department, asked, beijing_today()),
                       f"vetting-letter-{unit.code}.pdf", **audit)
    return personal_file(findings_file.workbook(letters.letter_rows(asked, department)),
                         f"vetting-letter-{unit.code}.xlsx", XLSX, **audit)


@bp.post("/<unit_code>/findings-file")
@access.roles(ANSWERERS, unit_arg="unit_code")
def returned(round_id: int, unit_code: str):
    """A department's returned workbook: every finding recorded, or none and every bad row named."""
    round_, unit = round_or_404(round_id), _queue_unit(unit_code)
    form = ReturnedFindingsForm()
    if not form.validate():
        return _queue_page(round_, unit, upload=form, status=422)
    upload = form.file.data
    rows, problems = findings_file.read(upload.read(), upload.filename or "")
    bad = [(None, "", p) for p in problems]
    if not problems:
        try:
            count = attempt(letters.record_returned, round_, unit, rows, current_user, beijing_today(),
                            filename=upload.filename or "")
        except letters.FindingsRefused as error:
            bad = [(r.row, r.name, r.problem) for r in error.rows]
    if bad:
        return _queue_page(round_, unit, upload=form, status=422,
                           returned_problems=[(row, name, rule_links(p.text(_))) for row, name, p in bad])
    flash(_("%(count)s findings of the returned workbook are recorded.", count=count), "success")
    return redirect(url_for("vetting.queue", round_id=round_id, unit_code=unit_code))


# ---- a nominee's file ----------------------------------------------------------------------------

def _file_page(round_, election, person, *, problems=(), forms=None, failed=None, status=200):
    """`failed`: the (item, department) of a finding form that was refused, shown again as sent."""
    forms = forms or {}
    file = person.vetting
    items = services.criteria_items(person)
    by_id = {item["id"]: item for item in items}
    criteria = file.criteria if file else rounds.current_criteria(round_)
    progress = services.progress_of(person)
    stage = services.vetting_stage(person)
    official = current_user.role in OFFICIALS
    department = _is_department()
    mine = services.departments_for(person, current_user)
    rows = answer_rows(person, items, mine)
    missing = (progress.missing if mine is None else
               [(entry.item["id"], row.department) for entry in rows for row in entry.rows if row.finding is None])
    open_ = round_.is_open and person.withdrawn_on is None and (file is None or file.decision is None)
    assessments = {a.item_id: a for a in file.assessments} if file else {}
    five_good = [item for item in items if item["list"] == vetting.FIVE_GOOD]
    grounds = [by_id[i] for i in progress.holding + progress.not_met if i in by_id]
    today = beijing_today()
    missing_departments = sorted({d for _, d in progress.missing if d != vetting.ANY_DEPARTMENT
                                  and (mine is None or d in mine)})
    decision_form = forms.get("decision") or DecisionForm(formdata=None)
    decision_form.items.choices = [(item["id"], f"{item['id']} {item['zh']}") for item in grounds]
    return render_template(
        "vetting/file.html", round=round_, election=election, unit=election.committee, person=person,
        breadcrumbs=breadcrumbs(election.committee), file=file, criteria=criteria, items=by_id,
        progress=progress, stage=stage, official=official, department=department,
        my_department=current_user.department if department else None,
        id_number=person.voter.id_number if official or (department and rows) else idnumber.mask(person.voter.id_number),
        posts=_posts(person), votes=services.votes_of(person), five_good=five_good, assessments=assessments,
        rows=rows, mine_counts=_counts(rows), missing=missing, open=open_, grounds=grounds,
        can_assess=open_ and official, can_answer=open_ and current_user.role in ANSWERERS,
        can_decide=open_ and current_user.role in DECIDERS,
        assessment_form=forms.get("assess") or assessment_form(five_good, assessments),
        finding_form=forms.get("finding"), failed=failed, nothing_form=forms.get("nothing")
        or NothingFoundForm(formdata=None, found_on=today), missing_departments=missing_departments,
        decision_form=decision_form, today=today, slug=slug, problems=problem_texts(problems),
        post_labels=POST_LABELS, stage_labels=VETTING_STAGE_LABELS, any_department=vetting.ANY_DEPARTMENT), status


@bp.get("/<code>/nominees/<int:nominee_id>")
@access.roles(FILE_READERS, unit_arg="code")
@loads_election
def file(round_id: int, code: str, nominee_id: int, round_, election):
    person = child_or_404(election, Nominee, nominee_id)
    if current_user.role == Role.department:
        # A department sees the nominees it is asked about, with the whole ID number it checks its
        # records by: each view audited and limited.
        if not answer_rows(person, services.criteria_items(person), services.departments_for(person, current_user)):
            abort(404)
        personal_lookup(code, "vetting_file", {"nominee": person.id})
    return _file_page(round_, election, person)


def _assess_all(person, answers, actor):
    for item_id, meets, note in answers:
        services.assess(person, item_id, meets, note, actor)


@bp.post("/<code>/nominees/<int:nominee_id>/assess")
@access.roles(OFFICIALS, unit_arg="code")
@loads_election
def assess(round_id: int, code: str, nominee_id: int, round_, election):
    """The five-good items assessed: meets / does not meet, with a note."""
    person = child_or_404(election, Nominee, nominee_id)
    five_good = [item for item in services.criteria_items(person) if item["list"] == vetting.FIVE_GOOD]
    form = assessment_form(five_good)
    answers = form.answers() if form.validate() else None
    problems = _form_problems(form) if answers is None else []
    if answers == []:
        problems = [Problem(N_("Assess at least one item: meets or does not meet."))]
    if not problems:
        try:
            attempt(_assess_all, person, answers, current_user)
        except Refusal as error:
            problems = error.problems
    if problems:
        return _file_page(round_, election, child_or_404(election, Nominee, nominee_id), problems=problems,
                          forms={"assess": form}, status=422)
    flash(_("The assessments are recorded."), "success")
    return redirect(url_for("vetting.file", round_id=round_id, code=code, nominee_id=nominee_id) + "#five-good")


def _nothing_found(person, department, found_on, evidence, actor):
    """Every item a department still has to answer for this nominee: it does not hold."""
    missing = [item for item, named in services.progress_of(person).missing if named == department]
    if not missing:
        raise services.CandidatesError([Problem(N_("%(department)s has no item left to answer for this nominee."),
                                                {"department": department or "—"})])
    for item in missing:
        services.record_finding(person, item, department, False, evidence, found_on, None, actor)
    return len(missing)


@bp.post("/<code>/nominees/<int:nominee_id>/findings")
@access.roles(ANSWERERS, unit_arg="code")
@loads_election
def findings(round_id: int, code: str, nominee_id: int, round_, election):
    """One department's finding on one ten-cannot item, or (`bulk`) 'nothing found' on all of a
    department's remaining items. A department account answers for its department only."""
    person = child_or_404(election, Nominee, nominee_id)
    bulk = bool(request.form.get("bulk"))
    form = NothingFoundForm() if bulk else FindingForm()
    own = current_user.department if _is_department() else None
    problems = [] if form.validate() else _form_problems(form)
    department = ((form.department.data or "").strip() or own or "")
    count = 1
    if not problems:
        try:
            if bulk:
                count = attempt(_nothing_found, person, department, form.found_on.data,
                                form.evidence.data or "", current_user)
            else:
                item = next((i for i in services.criteria_items(person) if i["id"] == form.item.data), {})
                attempt(services.record_finding, person, form.item.data, department, form.holds.data == "yes",
                        form.evidence.data or "", form.found_on.data,
                        form.ended_on.data if item.get("lookback_years") else None, actor=current_user)
        except Refusal as error:
            problems = error.problems
    if problems:
        failed = None if bulk else (form.item.data, department)
        return _file_page(round_, election, child_or_404(election, Nominee, nominee_id), problems=problems,
                          forms={"nothing" if bulk else "finding": form}, failed=failed, status=422)
    flash(_("%(count)s answers of %(department)s are recorded.", count=count, department=department or "—")
          if bulk else _("The finding of %(department)s on %(item)s is recorded.", department=department or "—",
                         item=form.item.data), "success")
    return redirect(url_for("vetting.file", round_id=round_id, code=code, nominee_id=nominee_id) + "#ten-cannot")


@bp.post("/<code>/nominees/<int:nominee_id>/decide")
@access.roles(DECIDERS, unit_arg="code")
@loads_election
def decide(round_id: int, code: str, nominee_id: int, round_, election):
    """The township's decision: qualified, or barred on named items with the evidence (R-CAND-3)."""
    person = child_or_404(election, Nominee, nominee_id)
    form = DecisionForm()
    problems = [] if form.validate() else _form_problems(form)
    if not problems:
        items = (form.items.data or []) if form.decision.data == "barred" else []
        try:
            attempt(services.decide, person, form.decision.data, items, form.evidence.data or "",
                    current_user)
        except Refusal as error:
            problems = error.problems
    if problems:
        return _file_page(round_, election, child_or_404(election, Nominee, nominee_id), problems=problems,
                          forms={"decision": form}, status=422)
    flash(_("The decision is recorded: %(decision)s.", decision=VETTING_STAGE_LABELS[form.decision.data])
          + (" " + _("Print the written decision for the nominee.") if form.decision.data == "barred" else ""),
          "success")
    return redirect(url_for("vetting.file", round_id=round_id, code=code, nominee_id=nominee_id) + "#decision")


@bp.get("/<code>/nominees/<int:nominee_id>/decision.pdf")
@access.roles(PRINT_READERS, unit_arg="code")
@loads_election
def decision_pdf(round_id: int, code: str, nominee_id: int, round_, election):
    """The written decision (候选人资格审查决定书) of a barred nominee; printing it is audited."""
    person = child_or_404(election, Nominee, nominee_id)
    if person.vetting is None or person.vetting.decision != "barred":
        abort(404)
    data = vetting_documents.decision_pdf(person)
    return printed(data, f"vetting-decision-{person.vetting.id}.pdf", unit_code=code, action="vetting.print",
                   obj_type="vetting_file", obj_id=person.vetting.id,
                   after={"nominee": person.name, "document": "decision"})
