"""Pages of rounds and committee elections. The law is in calendar/plans, the changes in services."""
from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..access import can
from ..clock import beijing_today
from ..extensions import db
from ..messages import N_, Problem
from ..roles import OFFICIALS, READERS, Role
from ..transactions import attempt
from ..view_helpers import XLSX, breadcrumbs, election_or_404, loads_election, problem_texts, round_or_404, unit_or_404
from . import browse, calendar, plan_file, services, stages
from .forms import (CriteriaForm, LeaveForm, MemberForm, PlanForm, PlanUploadForm, RoundForm, StageForm,
                    TownshipPlanForm)
from .labels import APPLIES_TO_LABELS, STAGE_LABELS
from .models import ElectionCommitteeMember
from .plans import check_plan

bp = Blueprint("rounds", __name__, url_prefix="/rounds")

CITY = {Role.city_admin}
PLANNERS = OFFICIALS | {Role.election_committee}  # the committee's own election committee plans too


# Why the stage form does not move an election to a stage: the work that reaches it.
NOT_BY_HAND = Problem(N_("This stage follows from the count: it is reached when the tally is entered, not by "
                         "this form."), rule="R-COUNT-10")
WORK_OF_STAGE = {
    "roll_published": Problem(N_("The voter list is published on the roll page, which checks it first."),
                              rule="R-ROLL-5"),
    "candidates_published": Problem(N_("The candidate list is published on the candidates page, once every "
                                       "candidate has passed vetting."), rule="R-CAND-3"),
    "voting": Problem(N_("Voting begins when the first ballot is issued, not by this form."), rule="R-POLL-3"),
    "certified": Problem(N_("A result is certified by the township once its tally is counted, not by this "
                            "form."), rule="R-CERT-3"),
}


# ---- rounds ----------------------------------------------------------------------------------

@bp.get("/")
@access.roles(READERS)
def index():
    rounds, sizes = browse.rounds_with_sizes()
    return render_template("rounds/index.html", rounds=rounds, counts=sizes)


@bp.route("/new", methods=["GET", "POST"])
@access.roles(CITY)
def new():
    form = RoundForm()
    problems = []
    if form.validate_on_submit():
        policy = {"cascade": form.cascade.data, "min_women": form.min_women.data,
                  "allow_uncontested": form.allow_uncontested.data, "tally_entry": form.tally_entry.data}
        if form.ballot_reserve.data is not None:  # else the rule set's default
            policy["ballot_reserve"] = form.ballot_reserve.data
        try:
            round_ = attempt(
                services.open_round,
                form.name.data, form.first_day.data, form.last_day.data, village_term=form.village_term.data,
                residential_term=form.residential_term.data, ruleset=form.ruleset.data,
                training=form.training.data, policy=policy, actor=current_user)
        except services.RoundsError as error:
            problems = error.problems
        else:
            flash(_("The round is open: %(n)s committee elections were created.",
                    n=services.count_elections(round_)), "success")
            return redirect(url_for("rounds.show", round_id=round_.id))
    return render_template("rounds/new.html", form=form, problems=problem_texts(problems)), 422 if problems else 200


@bp.get("/<int:round_id>")
@access.roles(READERS)
def show(round_id: int):
    round_ = round_or_404(round_id)
    return render_template("rounds/show.html", round=round_, elections=services.count_elections(round_),
                           criteria=services.current_criteria(round_),
                           deletable=can("rounds.delete", round_id=round_id) and not services.work_done(round_))


@bp.post("/<int:round_id>/close")
@access.roles(CITY)
def close(round_id: int):
    round_ = round_or_404(round_id)
    try:
        attempt(services.close_round, round_, current_user)
    except services.RoundsError as error:
        for text in problem_texts(error.problems):
            flash(text, "danger")
    else:
        flash(_("The round is closed. It stays readable and can no longer change."), "success")
    return redirect(url_for("rounds.show", round_id=round_id))


@bp.post("/<int:round_id>/delete")
@access.roles(CITY)
def delete(round_id: int):
    round_ = round_or_404(round_id)
    name = round_.name
    try:
        attempt(services.delete_round, round_, current_user)
    except services.RoundsError as error:
        for text in problem_texts(error.problems):
            flash(text, "danger")
        return redirect(url_for("rounds.show", round_id=round_id))
    flash(_("The round %(name)s is deleted.", name=name), "success")
    return redirect(url_for("rounds.index"))


@bp.get("/<int:round_id>/criteria")
@access.roles(READERS)
def criteria(round_id: int):
    round_ = round_or_404(round_id)
    versions = round_.criteria_versions
    wanted = request.args.get("version", type=int)
    shown = next((v for v in versions if v.version == wanted), versions[-1])
    return render_template("rounds/criteria.html", round=round_, versions=versions, shown=shown,
                           editable=round_.is_open and not services.nomination_opened(round_),
                           applies_to_labels=APPLIES_TO_LABELS)


@bp.route("/<int:round_id>/criteria/edit", methods=["GET", "POST"])
@access.roles(CITY)
def edit_criteria(round_id: int):
    round_ = round_or_404(round_id)
    current = services.current_criteria(round_)
    if request.method == "GET":
        form = CriteriaForm(data={"items": [*({"item_id": item["id"], "applies_to": "".join(item.get("kinds") or []),
                                               **item} for item in current.items), {}, {}], "note": ""})
    else:
        form = CriteriaForm()
    problems = []
    if form.validate_on_submit():
        items = [{"id": _text(entry.item_id), "list": entry.list.data, "zh": _text(entry.zh), "en": _text(entry.en),
                  "lookback_years": entry.lookback_years.data,
                  **({"kinds": [entry.applies_to.data]} if entry.applies_to.data else {}),
                  **_kept_fields(current.items, _text(entry.item_id))}
                 for entry in form.items if not entry.remove.data and (_text(entry.item_id) or _text(entry.zh))]
        try:
            version = attempt(services.save_criteria, round_, items, form.note.data, current_user)
        except services.RoundsError as error:
            problems = error.problems
        else:
            flash(_("Criteria version %(n)s saved.", n=version.version), "success")
            return redirect(url_for("rounds.criteria", round_id=round_id))
    return render_template("rounds/edit_criteria.html", round=round_, form=form,
                           statutory={item["id"] for item in services.statutory_bars(round_.rules)},
                           problems=problem_texts(problems)), 422 if problems else 200


def _text(field) -> str:
    return (field.data or "").strip()


def _kept_fields(items: list[dict], item_id: str) -> dict:
    """Data the form does not edit (the departments that usually report on an item) stays."""
    old = next((item for item in items if item["id"] == item_id), {})
    return {key: old[key] for key in ("departments", "statutory") if key in old}


# ---- a township's plans ------------------------------------------------------------------------

def _township(code: str):
    return unit_or_404(code, ("township",))


def _plan_page(round_, township, *, form=None, upload=None, report=None, status=200):
    elections = browse.township_elections(round_, township.code)
    if form is None:
        form = TownshipPlanForm(formdata=None)
    modes = sorted({m for kind in {e.kind for e, _ in elections} for m in round_.rules.modes[kind]},
                   key=list(round_.rules.modes["residential"]).index)
    form.set_modes(modes or round_.rules.modes["village"])
    rows = [(row, code, p.field, p.text(_)) for row, code, p in report.problems] if report else []
    return render_template("rounds/township_plan.html", round=round_, unit=township, elections=elections,
                           form=form, upload=upload or PlanUploadForm(formdata=None), report_rows=rows,
                           breadcrumbs=breadcrumbs(township)), status


@bp.route("/<int:round_id>/plan/<code>", methods=["GET", "POST"])
@access.roles(OFFICIALS, unit_arg="code")
def township_plan(round_id: int, code: str):
    round_, township = round_or_404(round_id), _township(code)
    if request.method == "GET":
        return _plan_page(round_, township)
    form = TownshipPlanForm()
    form.set_modes(round_.rules.modes["residential"])
    if not form.validate():
        return _plan_page(round_, township, form=form, status=422)
    changes = form.changes()
    kinds = ("residential", "village") if form.kind.data == "all" else (form.kind.data,)
    codes = browse.township_codes(round_, code, kinds)
    report = _apply(round_, [(None, c, changes) for c in codes], code)
    if report.ok:
        flash(_("Plans saved: %(changed)s changed, %(unchanged)s unchanged.",
                changed=report.changed, unchanged=report.unchanged), "success")
        return redirect(url_for("rounds.township_plan", round_id=round_id, code=code))
    return _plan_page(round_, township, form=form, report=report, status=422)


def _apply(round_, rows, scope_code, *, check_only=False):
    try:
        return attempt(services.apply_plans, round_, rows, current_user, scope_code=scope_code,
                       check_only=check_only)
    except services.RoundsError as error:
        return services.PlanReport(problems=[(None, None, p) for p in error.problems])


@bp.get("/<int:round_id>/plan/<code>/template.xlsx")
@access.roles(OFFICIALS, unit_arg="code")
def plan_template(round_id: int, code: str):
    round_, township = round_or_404(round_id), _township(code)
    rows = browse.township_elections(round_, code)
    data = plan_file.write_template([e for e, _ in rows], {e.committee_code: n for e, n in rows}, round_.rules)
    filename = f"plan-{round_.id}-{township.code}.xlsx"
    return Response(data, mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


@bp.post("/<int:round_id>/plan/<code>/upload")
@access.roles(OFFICIALS, unit_arg="code")
def plan_upload(round_id: int, code: str):
    """Checked whole: every bad row is listed and nothing is written, or every row is applied."""
    round_, township = round_or_404(round_id), _township(code)
    upload = PlanUploadForm()
    if not upload.validate():
        return _plan_page(round_, township, upload=upload, status=422)
    file = upload.file.data
    parsed = plan_file.read_plan_file(file.read(), file.filename or "", round_.rules)
    report = _apply(round_, parsed.rows, code, check_only=bool(parsed.problems))
    report.problems = sorted([*parsed.problems, *report.problems], key=lambda p: (p[0] or 0))
    if report.ok:
        flash(_("Plan file applied: %(changed)s committees changed, %(unchanged)s unchanged.",
                changed=report.changed, unchanged=report.unchanged), "success")
        return redirect(url_for("rounds.township_plan", round_id=round_id, code=code))
    return _plan_page(round_, township, report=report, status=422)


# ---- one committee election ------------------------------------------------------------------

def _election_page(round_, election, *, plan_form=None, stage_form=None, member_form=None, problems=(),
                   status=200):
    today = beijing_today()
    schedule = services.schedule_of(election)
    if plan_form is None:
        plan_form = PlanForm(formdata=None, obj=election)
    plan_form.set_modes(services.window_modes(round_, election.kind))
    targets = [t for t in stages.TRANSITIONS[election.stage] if t in stages.BY_HAND]
    if stage_form is None:
        stage_form = StageForm(formdata=None)
    stage_form.target.choices = [c for c in stage_form.target.choices if c.value in targets]
    plan_problems = check_plan(election.kind, services.plan_of(election), round_.rules, round_.window,
                                        complete=True)
    return render_template(
        "rounds/election.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee),
        milestones=calendar.milestones(schedule, election.rules, today), today=today,
        # A closed round is history: nothing in it can be done any more, so nothing is overdue.
        late=calendar.overdue(election.stage, election.election_day, election.first_counted_on,
                              round_.last_day, election.rules, today) if round_.is_open else [],
        plan_form=plan_form, plan_incomplete=problem_texts(plan_problems), stage_form=stage_form,
        member_form=member_form or MemberForm(formdata=None), leave_form=LeaveForm(formdata=None),
        problems=problem_texts(problems), can_override=current_user.role in services.OVERRIDERS), status


@bp.get("/<int:round_id>/elections/<code>")
@access.roles(READERS, unit_arg="code")
def election(round_id: int, code: str):
    round_ = round_or_404(round_id)
    return _election_page(round_, election_or_404(round_, code))


@bp.post("/<int:round_id>/elections/<code>/plan")
@access.roles(PLANNERS, unit_arg="code")
@loads_election
def election_plan(round_id: int, code: str, round_, election):
    form = PlanForm()
    form.set_modes(services.window_modes(round_, election.kind))
    if not form.validate():
        return _election_page(round_, election, plan_form=form, status=422)
    try:
        attempt(services.update_plan, election, form.changes(), current_user)
    except services.RoundsError as error:
        return _election_page(round_, election, plan_form=form, problems=error.problems, status=422)
    flash(_("The plan is saved."), "success")
    return redirect(url_for("rounds.election", round_id=round_id, code=code))


@bp.post("/<int:round_id>/elections/<code>/stage")
@access.roles(PLANNERS, unit_arg="code")
@loads_election
def election_stage(round_id: int, code: str, round_, election):
    form = StageForm()
    if not form.validate():
        return _election_page(round_, election, stage_form=form, status=422)
    if form.target.data not in stages.BY_HAND:
        return _election_page(round_, election, stage_form=form, status=422,
                              problems=[WORK_OF_STAGE.get(form.target.data, NOT_BY_HAND)])
    try:
        attempt(services.move_stage, election, form.target.data, current_user,
                override_reason=form.override_reason.data)
    except services.RoundsError as error:
        return _election_page(round_, election, stage_form=form, problems=error.problems, status=422)
    flash(_("The election is now at: %(stage)s.", stage=STAGE_LABELS[form.target.data]), "success")
    return redirect(url_for("rounds.election", round_id=round_id, code=code))


@bp.post("/<int:round_id>/elections/<code>/members")
@access.roles(PLANNERS, unit_arg="code")
@loads_election
def add_member(round_id: int, code: str, round_, election):
    form = MemberForm()
    if not form.validate():
        return _election_page(round_, election, member_form=form, status=422)
    try:
        attempt(services.add_member, election, form.name.data, form.position.data, form.phone.data or "",
                current_user)
    except services.RoundsError as error:
        return _election_page(round_, election, member_form=form, problems=error.problems, status=422)
    flash(_("%(name)s joined the election committee.", name=form.name.data.strip()), "success")
    return redirect(url_for("rounds.election", round_id=round_id, code=code) + "#members")


@bp.post("/<int:round_id>/elections/<code>/members/<int:member_id>/leave")
@access.roles(PLANNERS, unit_arg="code")
@loads_election
def member_leaves(round_id: int, code: str, member_id: int, round_, election):
    member = db.session.get(ElectionCommitteeMember, member_id)
    if member is None or member.election_id != election.id:
        abort(404)
    form = LeaveForm()
    problems = []
    if not form.validate():
        problems = [Problem(N_("Say why the member leaves."), field="reason")]
    else:
        try:
            attempt(services.remove_member, member, form.reason.data, current_user)
        except services.RoundsError as error:
            problems = error.problems
    if problems:
        return _election_page(round_, election, problems=problems, status=422)
    flash(_("%(name)s left the election committee.", name=member.name), "success")
    return redirect(url_for("rounds.election", round_id=round_id, code=code) + "#members")


@bp.app_context_processor
def labels():
    """The names of stages, modes and the rest, for every page that shows a round."""
    from . import labels as names
    return {"stage_labels": names.STAGE_LABELS, "mode_labels": names.MODE_LABELS,
            "kind_labels": names.KIND_LABELS, "ballot_method_labels": names.BALLOT_METHOD_LABELS,
            "position_labels": names.POSITION_LABELS, "milestone_labels": names.MILESTONE_LABELS,
            "milestone_status_labels": names.MILESTONE_STATUS_LABELS, "overdue_labels": names.OVERDUE_LABELS,
            "plan_field_labels": names.PLAN_FIELD_LABELS, "criteria_list_labels": names.CRITERIA_LIST_LABELS,
            "women_rule_labels": names.WOMEN_RULE_LABELS, "term_label": names.term_label,
            "stage_order": stages.MAIN_LINE[:-1] + stages.SIDE_STAGES + stages.MAIN_LINE[-1:],
            "timedelta": timedelta}
