"""Pages of the voter rolls: a unit's rolls, a committee's roll and its voters, publication,
objections, groups, printed lists and exports. The law is in eligibility/idnumber, the changes in
services; ID numbers are masked for everybody who does not manage the roll."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from .. import access
from ..transactions import attempt
from ..view_helpers import (XLSX, breadcrumbs, child_or_404, election_or_404, id_shown, loads_election, page_number,
                            personal_file, personal_lookup, printed, problem_texts, round_or_404, unit_or_404)
from ..clock import beijing_today
from ..extensions import db
from ..roles import MANAGERS, READERS
from ..rounds import calendar
from ..rounds import services as rounds
from . import browse, documents, eligibility, export, idnumber, relatives, services
from .forms import (AddVoterForm, ConsentForm, DecisionForm, ExcludeForm, ObjectionForm, OptInForm, PublishForm,
                    RelativeLinkForm, RemoveForm, RepresentativesForm, RestoreForm)
from .labels import CATEGORY_LABELS
from .models import Objection, Voter, VoterGroup, VoterRelative

bp = Blueprint("rolls", __name__, url_prefix="/rounds/<int:round_id>/rolls")

PDF_KINDS = ("list", "cards")
# The most voters a township batch prints within a request (a minute at most: docs/benchmarks.md,
# ~10 ms a card, ~1 ms a name on the list); larger townships print with `flask rolls print`.
WEB_BATCH_LIMITS = {"list": 30_000}  # a township's cards print in the background (documents.batches)
VOTER_ACTIONS = ("remove", "exclude", "restore", "consent", "opt_in", "representative")




def _needs_person(objection: Objection) -> bool:
    """An objection to add someone the roll does not know: upholding it needs their details."""
    return objection.request == "add" and (objection.subject is None or objection.subject.status == "registered")



def _category_labels(election) -> dict:
    labels = CATEGORY_LABELS[election.rules.name].get(election.kind, {})
    return {n: labels.get(n, str(n)) for n in eligibility.categories(election.kind, election.rules)}


# ---- a unit's rolls -------------------------------------------------------------------------------

@bp.get("/<code>")
@access.roles(READERS, unit_arg="code")
def roll(round_id: int, code: str):
    round_ = round_or_404(round_id)
    unit = unit_or_404(code)
    query = (request.args.get("q") or "").strip()
    if unit.level != "committee":
        return render_template("rolls/unit.html", round=round_, unit=unit, breadcrumbs=breadcrumbs(unit),
                               rows=browse.unit_counts(round_, unit), query=query,
                               found=_search(round_, code, query) if query else None,
                               mask=idnumber.mask)
    return _committee_page(round_, election_or_404(round_, code), query=query)


def _search(round_, code: str, query: str):
    """A search of the rolls below a district or township, audited and, for readers who see ID
    numbers masked, limited in number (`personal_lookup`)."""
    manager = current_user.role in MANAGERS
    personal_lookup(code, "roll_search", {"query": query})
    return browse.search(round_, code, query, by_prefix=manager)


def _voters(election, query: str, page: int):
    """A page of the committee's voters; a search among them is audited like any other."""
    manager = services.is_manager(current_user, election)
    if query:
        personal_lookup(election.committee_code, "roll_search", {"query": query})
    return browse.voters(election, query, page, by_prefix=manager)


def _committee_page(round_, election, *, query="", problems=(), forms=None, status=200):
    today = beijing_today()
    page = page_number()
    roll_counts = services.counts(election)
    latest = services.latest_version(election)
    forms = forms or {}
    objection_list = services.objections(election)
    rules = election.rules
    return render_template(
        "rolls/committee.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee), counts=roll_counts,
        electorate=services.electorate(election, roll_counts), versions=services.versions(election),
        latest=latest, pending=services.unpublished_changes(election), query=query,
        voters=_voters(election, query, page), page=page, shown=id_shown(election),
        category_labels=_category_labels(election), objections=objection_list,
        open_objections=[o for o in objection_list if o.decision is None],
        objection_deadline=calendar.objections_close(latest.published_on, rules) if latest else None,
        decision_deadline=lambda o: calendar.objection_decided_by(o.received_on, rules), today=today,
        publication_problems=problem_texts(services.publication_problems(election, roll_counts)),
        publish_form=forms.get("publish") or PublishForm(formdata=None),
        objection_form=forms.get("objection") or ObjectionForm(formdata=None, received_on=today),
        problems=problem_texts(problems), can_override=current_user.role in rounds.OVERRIDERS,
        roll_due=calendar.roll_deadline(election.election_day, rules) if election.election_day else None), status


@bp.get("/<code>/export.xlsx")
@access.roles(READERS, unit_arg="code")
def export_roll(round_id: int, code: str):
    """The roll as XLSX, masked unless the reader manages it; every export is in the audit log."""
    round_ = round_or_404(round_id)
    unit = unit_or_404(code)
    if unit.level not in ("committee", "township"):
        abort(404)
    elections = [election_or_404(round_, code)] if unit.level == "committee" else browse.township_elections(round_, code)
    full = all(services.is_manager(current_user, e) for e in elections) and bool(elections)
    data, rows = export.roll_xlsx(elections, masked=not full)
    return personal_file(data, f"roll-{code}.xlsx", XLSX, unit_code=code, action="roll.export", obj_type="round",
                         obj_id=round_.id, after={"rows": rows, "masked": not full, "format": "xlsx"})


# ---- voters -------------------------------------------------------------------------------------

@bp.route("/<code>/voters/new", methods=["GET", "POST"])
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def add_voter(round_id: int, code: str, round_, election):
    form = AddVoterForm()
    form.set_categories(_category_labels(election))
    published = services.latest_version(election) is not None
    problems = []
    if form.validate_on_submit():
        try:
            voter = attempt(services.add_voter, election, form.person(), current_user,
                            reason=form.reason.data or None, note=form.note.data or "")
        except services.RollsError as error:
            problems = error.problems
        else:
            flash(_("%(name)s is on the roll.", name=voter.name), "success")
            return redirect(url_for("rolls.voter", round_id=round_id, code=code, voter_id=voter.id))
    status = 422 if request.method == "POST" else 200
    return render_template("rolls/add_voter.html", round=round_, election=election, unit=election.committee,
                           opt_in=any(election.rules.opt_in_categories[election.kind]),
                           breadcrumbs=breadcrumbs(election.committee), form=form, published=published,
                           problems=problem_texts(problems)), status


def _voter_page(round_, election, voter, *, problems=(), relative_form=None, status=200):
    return render_template(
        "rolls/voter.html", round=round_, election=election, unit=election.committee, voter=voter,
        breadcrumbs=breadcrumbs(election.committee), shown=id_shown(election),
        changes=browse.voter_changes(voter), category_labels=_category_labels(election),
        remove_form=RemoveForm(formdata=None), exclude_form=ExcludeForm(formdata=None),
        restore_form=RestoreForm(formdata=None), consent_form=ConsentForm(formdata=None),
        opt_in_form=OptInForm(formdata=None), relative_form=relative_form or RelativeLinkForm(formdata=None),
        relatives=relatives.relatives_of(voter),
        consent_bodies=eligibility.consent_bodies(election.kind, voter.category, election.rules),
        problems=problem_texts(problems)), status


@bp.get("/<code>/voters/<int:voter_id>")
@access.roles(READERS, unit_arg="code")
@loads_election
def voter(round_id: int, code: str, voter_id: int, round_, election):
    voter_ = child_or_404(election, Voter, voter_id)
    if not services.is_manager(current_user, election):
        personal_lookup(code, "voter", {"voter": voter_.id})
    return _voter_page(round_, election, voter_)


@bp.post("/<code>/voters/<int:voter_id>/<action>")
@access.roles(MANAGERS, unit_arg="code")
def voter_action(round_id: int, code: str, voter_id: int, action: str):
    """Remove (R-ROLL-7), exclude or restore (R-ROLL-4), record consent (R-ROLL-2) or make household
    representative (R-MODE-2)."""
    if action not in VOTER_ACTIONS:
        abort(404)
    round_ = round_or_404(round_id)
    election = election_or_404(round_, code)
    voter_ = child_or_404(election, Voter, voter_id)
    form = {"remove": RemoveForm, "exclude": ExcludeForm, "restore": RestoreForm, "consent": ConsentForm,
            "opt_in": OptInForm, "representative": FlaskForm}[action]()
    if not form.validate():
        return _voter_page(round_, election, voter_, problems=[], status=422)
    operation = {
        "remove": lambda: services.remove_voter(voter_, form.reason.data, form.note.data or "", current_user),
        "exclude": lambda: services.exclude_voter(voter_, form.reason.data, form.note.data or "", current_user),
        "restore": lambda: services.restore_voter(voter_, form.cause_ended_on.data, form.note.data or "",
                                                  current_user),
        "consent": lambda: services.record_consent(voter_, form.consent_body.data, form.consent_on.data,
                                                   current_user),
        "opt_in": lambda: services.record_opt_in(voter_, form.opted_in_on.data, current_user),
        "representative": lambda: services.make_household_representative(voter_, current_user),
    }[action]
    try:
        attempt(operation)
    except services.RollsError as error:
        return _voter_page(round_, election, voter_, problems=error.problems, status=422)
    flash(_("The roll is updated."), "success")
    return redirect(url_for("rolls.voter", round_id=round_id, code=code, voter_id=voter_id))


@bp.post("/<code>/voters/<int:voter_id>/relatives")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def voter_relative(round_id: int, code: str, voter_id: int, round_, election):
    """R26-SIZE: record a near relative on the same roll."""
    voter_ = child_or_404(election, Voter, voter_id)
    form = RelativeLinkForm()
    if not form.validate():
        return _voter_page(round_, election, voter_, relative_form=form, status=422)
    try:
        attempt(relatives.link, voter_, form.number.data, form.relation.data, current_user)
    except services.RollsError as error:
        return _voter_page(round_, election, voter_, relative_form=form, problems=error.problems, status=422)
    flash(_("The near relative is recorded."), "success")
    return redirect(url_for("rolls.voter", round_id=round_id, code=code, voter_id=voter_id) + "#relatives")


@bp.post("/<code>/voters/<int:voter_id>/relatives/<int:link_id>/remove")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def voter_relative_remove(round_id: int, code: str, voter_id: int, link_id: int, round_, election):
    voter_ = child_or_404(election, Voter, voter_id)
    found = child_or_404(election, VoterRelative, link_id)
    if voter_.id not in (found.voter_id, found.relative_id):
        abort(404)
    if not FlaskForm().validate():
        return _voter_page(round_, election, voter_, status=422)
    try:
        attempt(relatives.unlink, found, current_user)
    except services.RollsError as error:
        return _voter_page(round_, election, voter_, problems=error.problems, status=422)
    flash(_("The near relative is no longer recorded."), "success")
    return redirect(url_for("rolls.voter", round_id=round_id, code=code, voter_id=voter_id) + "#relatives")


# ---- groups ------------------------------------------------------------------------------------

def _group_page(round_, election, group, *, form=None, problems=(), status=200):
    return render_template(
        "rolls/group.html", round=round_, election=election, unit=election.committee, group=group,
        breadcrumbs=breadcrumbs(election.committee), households=browse.group_households(group),
        form=form or RepresentativesForm(formdata=None), shown=id_shown(election),
        limits=(election.rules.group_households, election.rules.group_representatives,
                election.rules.households_per_representative), problems=problem_texts(problems)), status


@bp.get("/<code>/groups/<int:group_id>")
@access.roles(READERS, unit_arg="code")
@loads_election
def group(round_id: int, code: str, group_id: int, round_, election):
    return _group_page(round_, election, child_or_404(election, VoterGroup, group_id))


@bp.post("/<code>/groups/<int:group_id>")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def group_representatives(round_id: int, code: str, group_id: int, round_, election):
    group_ = child_or_404(election, VoterGroup, group_id)
    form = RepresentativesForm()
    numbers = form.numbers() if form.validate() else None
    if numbers is None:
        return _group_page(round_, election, group_, form=form, status=422)
    try:
        attempt(services.elect_group_representatives, group_, numbers, form.elected_on.data, current_user)
    except services.RollsError as error:
        return _group_page(round_, election, group_, form=form, problems=error.problems, status=422)
    flash(_("The group's representatives are recorded."), "success")
    return redirect(url_for("rolls.group", round_id=round_id, code=code, group_id=group_id))


# ---- publication and printing --------------------------------------------------------------------

@bp.post("/<code>/publish")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def publish(round_id: int, code: str, round_, election):
    form = PublishForm()
    if not form.validate():
        return _committee_page(round_, election, forms={"publish": form}, status=422)
    try:
        version = attempt(services.publish, election, current_user, override_reason=form.override_reason.data)
    except services.RollsError as error:
        return _committee_page(round_, election, forms={"publish": form}, problems=error.problems, status=422)
    flash(_("Version %(number)s of the voter list is published: print the list and the voter cards.",
            number=version.number), "success")
    return redirect(url_for("rolls.roll", round_id=round_id, code=code) + "#versions")


@bp.get("/<code>/versions/<int:number>/<what>.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def version_pdf(round_id: int, code: str, number: int, what: str, round_, election):
    if what not in PDF_KINDS or services.version(election, number) is None:
        abort(404)
    maker = documents.voter_list_pdf if what == "list" else documents.voter_cards_pdf
    return _printed(maker(election, number), f"{what}-{code}-v{number}.pdf", code,
                    {"what": what, "version": number})


def _printed(data: bytes, filename: str, code: str, what: dict) -> Response:
    """A printed roll document, recorded in the audit log like every export of the roll."""
    return printed(data, filename, unit_code=code, action="roll.print", obj_type="round",
                   obj_id=request.view_args["round_id"], after=what)


@bp.get("/<code>/batch/<what>.pdf")
@access.roles(READERS, unit_arg="code")
def batch_pdf(round_id: int, code: str, what: str):
    """The latest published list of every committee of a township, as one document; its voter cards,
    which take minutes, print in the background on the batch printing page."""
    round_ = round_or_404(round_id)
    unit = unit_or_404(code)
    if what not in PDF_KINDS or unit.level != "township":
        abort(404)
    if what == "cards":
        return redirect(url_for("documents.batches_page", round_id=round_id, code=code))
    voters = sum(version.registered for _, version in documents.published_in_township(round_, code))
    if voters > WEB_BATCH_LIMITS[what]:
        flash(_("%(voters)s voters are too many to print in the browser: print each committee from its roll "
                "page, or the whole township with: flask rolls print %(code)s --what %(what)s",
                voters=voters, code=code, what=what), "danger")
        return redirect(url_for("rolls.roll", round_id=round_id, code=code))
    if voters == 0:
        flash(_("No committee of this township has published its voter list yet."), "warning")
        return redirect(url_for("rolls.roll", round_id=round_id, code=code))
    return _printed(documents.township_batch_pdf(round_, code, what), f"{what}-{code}.pdf", code,
                    {"what": what, "batch": True})


# ---- objections ----------------------------------------------------------------------------------

@bp.post("/<code>/objections")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def lodge_objection(round_id: int, code: str, round_, election):
    form = ObjectionForm()
    if not form.validate():
        return _committee_page(round_, election, forms={"objection": form}, status=422)
    subject = db.session.scalar(select(Voter).where(  # by the number on the roll (编号)
        Voter.election_id == election.id, Voter.number == form.subject_voter.data)) if form.subject_voter.data else None
    try:
        objection = attempt(
            services.lodge_objection,
            election, lodged_by=form.lodged_by.data, contact=form.contact.data, request=form.request.data,
            subject_name=form.subject_name.data, subject_id_number=form.subject_id_number.data or None,
            subject_voter=subject, grounds=form.grounds.data, received_on=form.received_on.data, actor=current_user)
    except services.RollsError as error:
        return _committee_page(round_, election, forms={"objection": form}, problems=error.problems, status=422)
    flash(_("The objection is recorded; decide it by %(day)s.",
            day=calendar.objection_decided_by(objection.received_on, election.rules).isoformat()), "success")
    return redirect(url_for("rolls.objection", round_id=round_id, code=code, objection_id=objection.id))


def _objection_page(round_, election, objection, *, form=None, problems=(), status=200):
    needs_person = _needs_person(objection)
    if form is None:
        form = DecisionForm(formdata=None, needs_person=needs_person, decided_on=beijing_today(),
                            name=objection.subject_name, id_number=objection.subject_id_number)
    form.set_categories(_category_labels(election))
    return render_template(
        "rolls/objection.html", round=round_, election=election, unit=election.committee, objection=objection,
        breadcrumbs=breadcrumbs(election.committee), form=form, needs_person=needs_person,
        deadline=calendar.objection_decided_by(objection.received_on, election.rules), today=beijing_today(),
        shown=id_shown(election), problems=problem_texts(problems)), status


@bp.get("/<code>/objections/<int:objection_id>")
@access.roles(READERS, unit_arg="code")
@loads_election
def objection(round_id: int, code: str, objection_id: int, round_, election):
    return _objection_page(round_, election, child_or_404(election, Objection, objection_id))


@bp.post("/<code>/objections/<int:objection_id>")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def decide_objection(round_id: int, code: str, objection_id: int, round_, election):
    objection_ = child_or_404(election, Objection, objection_id)
    needs_person = _needs_person(objection_)
    form = DecisionForm(needs_person=needs_person)
    form.set_categories(_category_labels(election))
    if not form.validate():
        return _objection_page(round_, election, objection_, form=form, status=422)
    person = form.person() if needs_person and form.decision.data == "upheld" else None
    try:
        attempt(services.decide_objection, objection_, form.decision.data, form.text.data, form.decided_on.data,
                                  current_user, person=person)
    except services.RollsError as error:
        return _objection_page(round_, election, objection_, form=form, problems=error.problems, status=422)
    flash(_("The decision is recorded: print the notice and publish the list again if it changed."), "success")
    return redirect(url_for("rolls.objection", round_id=round_id, code=code, objection_id=objection_id))


@bp.get("/<code>/objections/<int:objection_id>/notice.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def objection_notice(round_id: int, code: str, objection_id: int, round_, election):
    objection_ = child_or_404(election, Objection, objection_id)
    if objection_.decision is None:
        abort(404)
    return printed(documents.objection_notice_pdf(objection_), f"objection-{objection_id}.pdf", unit_code=code,
                   action="roll.print", obj_type="objection", obj_id=objection_id, after={"what": "objection_notice"})


@bp.app_context_processor
def labels():
    from . import labels as names
    return {"roll_status_labels": names.STATUS_LABELS, "sex_labels": names.SEX_LABELS,
            "not_registered_labels": names.NOT_REGISTERED_LABELS, "addition_labels": names.ADDITION_LABELS,
            "removal_labels": names.REMOVAL_LABELS, "change_kind_labels": names.CHANGE_KIND_LABELS,
            "consent_body_labels": names.CONSENT_BODY_LABELS, "request_labels": names.REQUEST_LABELS,
            "decision_labels": names.DECISION_LABELS}
