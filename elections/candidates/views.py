"""Pages of a committee's nomination and candidates: opening nomination, a village's nomination
meeting and tally, residents' joint nominations, the slate per post with its margin and tie
decisions, publication of the candidate list and its re-issue, each nominee with relatives and
withdrawal, and the printed notice (候选人名单公告). The law is in nomination/slate/vetting/
conflicts, the changes in services; ID numbers are whole only for the committee's managers, and
relatives are shown to them alone."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..transactions import Refusal, attempt
from ..view_helpers import (breadcrumbs, child_or_404, election_or_404, id_shown, loads_election, personal_lookup, printed,
                            problem_texts, round_or_404)
from ..messages import N_, Problem
from ..rolls import services as rolls
from ..roles import MANAGERS, READERS
from ..rounds import calendar
from ..rounds import services as rounds
from ..rulesets import POSTS
from . import documents, nomination, services
from .forms import (TALLY_ROWS, JointForm, MarginForm, MeetingForm, OpenForm, PartyForm, ProfileForm, PublishForm,
                    ReissueForm, RelativeForm, TieForm, WithdrawForm, posts_with_seats)
from .models import Nominee
from .labels import EDUCATION_LABELS, METHOD_LABELS, POST_LABELS, RELATION_LABELS, VETTING_STAGE_LABELS

bp = Blueprint("candidates", __name__, url_prefix="/rounds/<int:round_id>/candidates")


def _post(post: str) -> str:
    if post not in POSTS:
        abort(404)
    return post


def _manager(election) -> bool:
    return rolls.is_manager(current_user, election)


def vetting_file_url(round_id: int, code: str, nominee_id: int) -> str:
    """The nominee's vetting file (endpoint vetting.file). The page links it only for those whom
    `access.can` lets read it, so it works whether or not the vetting pages are registered."""
    return f"/rounds/{round_id}/vetting/{code}/nominees/{nominee_id}"


# ---- the committee's page --------------------------------------------------------------------------

def _meeting_form(people, posts, found) -> MeetingForm:
    """The form of the meeting, filled with the recorded one: recording again replaces the tally."""
    if found is None:
        form = MeetingForm(formdata=None, held_on=None)
    else:
        lines = [{"who": p.voter.id_number, "post": n.post, "votes": n.votes}
                 for p in people for n in p.nominations if n.method == "meeting"]
        lines += [{}] * max(TALLY_ROWS - len(lines), 3)
        form = MeetingForm(formdata=None, data={
            "held_on": found.held_on, "attendance": found.attendance, "ballots_cast": found.ballots_cast,
            **{f"invalid_{post}": found.invalid.get(post, 0) for post in POSTS}, "rows": lines})
    form.set_posts(posts)
    return form


def _tie_form(post: str, tied: list, people: dict, form=None) -> TieForm:
    form = form or TieForm(formdata=None, prefix=f"tie-{post}")
    form.set_tied([(key, people[key].name) for key in tied])
    return form


def _margin_form(election, post: str, choice, form=None) -> MarginForm:
    margin = choice.margin if choice else election.rules.candidate_margin[0]
    form = form or MarginForm(formdata=None, prefix=f"margin-{post}", margin=margin)
    form.set_margins(election.rules, services.uncontested_allowed(election))
    return form


def _committee_page(round_, election, *, forms=None, problems=(), status=200):
    forms = forms or {}
    people = services.nominees(election)
    by_id = {p.id: p for p in people}
    seats = services.seats_of(election)
    posts = posts_with_seats(seats)
    methods = joint_methods(election)
    slate = services.current_slate(election, people)
    made = services.choices(election)
    found_meeting = services.meeting(election)
    joint = sorted(((p, n) for p in people for n in p.nominations if n.method in methods),
                   key=lambda pair: (pair[1].submitted_on, pair[1].id))
    party = sorted(((p, n) for p in people for n in p.nominations if n.method == "party_organisation"),
                   key=lambda pair: (pair[1].submitted_on, pair[1].id))
    party_form = forms.get("party") or PartyForm(formdata=None, prefix="party")
    party_form.set_posts(posts)
    joint_form = forms.get("joint") or JointForm(formdata=None)
    joint_form.set_choices(posts, methods)
    meeting_form = forms.get("meeting")
    if meeting_form is None:
        meeting_form = _meeting_form(people, posts, found_meeting)
    published = services.lists(election)
    day = election.election_day
    return render_template(
        "candidates/committee.html", round=round_, election=election, unit=election.committee,
        breadcrumbs=breadcrumbs(election.committee), manager=_manager(election) and round_.is_open,
        shown=id_shown(election), people=people, by_id=by_id, seats=seats, posts=posts,
        votes={p.id: services.votes_of(p) for p in people},
        stages={p.id: services.vetting_stage(p) for p in people},
        slate=slate, choices=made,
        places={key: (s.post, i) for s in slate.posts for i, key in enumerate(s.chosen, start=1)},
        meeting=found_meeting, joint=joint, party=party, party_form=party_form, joint_methods=methods,
        party_nominates="party_organisation" in election.rules.nomination_methods[election.kind],
        quorate=found_meeting is not None and nomination.meeting_quorate(found_meeting.attendance,
                                                                         found_meeting.registered),
        village="meeting" in election.rules.nomination_methods[election.kind],
        open_form=OpenForm(formdata=None), meeting_form=meeting_form, joint_form=joint_form,
        margin_forms={s.post: _margin_form(election, s.post, made.get(s.post), forms.get(f"margin-{s.post}"))
                      for s in slate.posts},
        tie_forms={s.post: _tie_form(s.post, s.tied, by_id, forms.get(f"tie-{s.post}"))
                   for s in slate.posts if s.tied},
        publish_form=forms.get("publish") or PublishForm(formdata=None),
        reissue_form=forms.get("reissue") or ReissueForm(formdata=None),
        publication_problems=problem_texts(slate.problems), warnings=problem_texts(slate.warnings),
        lists=published, latest=published[-1] if published else None,
        deadline=calendar.candidates_deadline(day, election.rules) if day else None,
        can_override=current_user.role in rounds.OVERRIDERS, problems=problem_texts(problems)), status


@bp.get("/<code>")
@access.roles(READERS, unit_arg="code")
def committee(round_id: int, code: str):
    round_ = round_or_404(round_id)
    return _committee_page(round_, election_or_404(round_, code))


def _done(message: str, code: str, anchor: str = ""):
    flash(message, "success")
    return redirect(url_for("candidates.committee", round_id=request.view_args["round_id"], code=code) + anchor)


@bp.post("/<code>/open")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def open_nomination(round_id: int, code: str, round_, election):
    if not OpenForm().validate():
        return _committee_page(round_, election, status=422)
    try:
        attempt(services.open_nomination, election, current_user)
    except Refusal as error:
        return _committee_page(round_, election, problems=error.problems, status=422)
    return _done(_("Nomination is open."), code)


@bp.post("/<code>/meeting")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def meeting(round_id: int, code: str, round_, election):
    """A village's nomination meeting and its tally, recorded whole or not at all (R-CAND-1)."""
    posts = posts_with_seats(services.seats_of(election))
    form = MeetingForm()
    form.set_posts(posts)
    valid = form.validate()
    lines = form.line_problems()
    if not valid or lines:
        return _committee_page(round_, election, forms={"meeting": form}, problems=lines, status=422)
    try:
        attempt(services.record_meeting, election, held_on=form.held_on.data,
                attendance=form.attendance.data, ballots_cast=form.ballots_cast.data,
                invalid=form.invalid(posts), rows=form.tally(), actor=current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={"meeting": form}, problems=error.problems, status=422)
    return _done(_("The nomination meeting and its tally are recorded."), code, "#nominees")


@bp.post("/<code>/joint")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def joint(round_id: int, code: str, round_, election):
    """A residents' joint nomination; every signer is checked against the roll (R-CAND-1)."""
    form = JointForm()
    form.set_choices(posts_with_seats(services.seats_of(election)), joint_methods(election))
    if not form.validate():
        return _committee_page(round_, election, forms={"joint": form}, status=422)
    try:
        person = attempt(services.add_joint_nomination, election, who=form.who.data, post=form.post.data,
                         method=form.method.data, signers=form.signer_lines(),
                         submitted_on=form.submitted_on.data, actor=current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={"joint": form}, problems=error.problems, status=422)
    return _done(_("The joint nomination of %(name)s is recorded.", name=person.name), code, "#joint")


@bp.post("/<code>/party")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def party(round_id: int, code: str, round_, election):
    """The Party organisation's nomination, a recorded decision of the organisation (R26-CAND)."""
    form = PartyForm(prefix="party")
    form.set_posts(posts_with_seats(services.seats_of(election)))
    if not form.validate():
        return _committee_page(round_, election, forms={"party": form}, status=422)
    try:
        person = attempt(services.add_party_nomination, election, who=form.who.data, post=form.post.data,
                         body=form.body.data, reference=form.reference.data, votes=form.votes.data,
                         decided_on=form.decided_on.data, actor=current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={"party": form}, problems=error.problems, status=422)
    return _done(_("The Party organisation's nomination of %(name)s is recorded.", name=person.name), code, "#party")


def joint_methods(election) -> list[str]:
    """The joint nominations of the election's rule set (R-CAND-1, R26-CAND): signed sheets, not a
    meeting's tally or the Party organisation's decision."""
    return [m for m in election.rules.nomination_methods[election.kind] if m not in ("meeting", "party_organisation")]


@bp.post("/<code>/margin/<post>")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def margin(round_id: int, code: str, post: str, round_, election):
    """How many candidates beyond the seats (R-CAND-2)."""
    post = _post(post)
    form = _margin_form(election, post, None, MarginForm(prefix=f"margin-{post}"))
    key = f"margin-{post}"
    if not form.validate():
        return _committee_page(round_, election, forms={key: form}, status=422)
    try:
        attempt(services.set_margin, election, post, form.margin.data, current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={key: form}, problems=error.problems, status=422)
    return _done(_("%(post)s: %(n)s candidates beyond the seats.", post=POST_LABELS[post], n=form.margin.data),
                 code, "#slate")


@bp.post("/<code>/tie/<post>")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def tie(round_id: int, code: str, post: str, round_, election):
    """The election committee's recorded decision on a tie at the cut-off (R-CAND-2)."""
    post = _post(post)
    slate = {s.post: s for s in services.current_slate(election).posts}.get(post)
    if slate is None or not slate.tied:
        return _committee_page(round_, election, problems=[Problem(
            N_("There is no tie to resolve for this post."))], status=422)
    key = f"tie-{post}"
    form = _tie_form(post, slate.tied, {p.id: p for p in services.nominees(election)}, TieForm(prefix=key))
    if not form.validate():
        return _committee_page(round_, election, forms={key: form}, status=422)
    try:
        attempt(services.resolve_tie, election, post, [entry.data for entry in form.order], form.reason.data,
                current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={key: form}, problems=error.problems, status=422)
    return _done(_("The decision on the tie is recorded."), code, "#slate")


@bp.post("/<code>/publish")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def publish(round_id: int, code: str, round_, election):
    """Publish the list in nomination-vote order, fixing the ballot order (R-CAND-5); later than
    the deadline only with a district official's written reason."""
    form = PublishForm()
    if not form.validate():
        return _committee_page(round_, election, forms={"publish": form}, status=422)
    try:
        issued = attempt(services.publish, election, current_user,
                         override_reason=form.override_reason.data or None)
    except Refusal as error:
        return _committee_page(round_, election, forms={"publish": form}, problems=error.problems, status=422)
    return _done(_("The candidate list is published (version %(n)s): print the notice and post it.",
                   n=issued.number), code, "#lists")


@bp.post("/<code>/reissue")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def reissue(round_id: int, code: str, round_, election):
    form = ReissueForm()
    if not form.validate():
        return _committee_page(round_, election, forms={"reissue": form}, status=422)
    try:
        issued = attempt(services.reissue, election, form.reason.data, current_user)
    except Refusal as error:
        return _committee_page(round_, election, forms={"reissue": form}, problems=error.problems, status=422)
    return _done(_("The candidate list is re-issued as version %(n)s: print the notice and post it.",
                   n=issued.number), code, "#lists")


# ---- one nominee -------------------------------------------------------------------------------

def _nominee_page(round_, election, person, *, forms=None, problems=(), status=200):
    forms = forms or {}
    slate = services.current_slate(election)
    place = next(((s.post, i) for s in slate.posts for i, key in enumerate(s.chosen, start=1) if key == person.id),
                 None)
    latest = services.latest_list(election)
    listed = next((e for e in latest.entries if e["nominee"] == person.id), None) if latest else None
    manager = _manager(election)
    return render_template(
        "candidates/nominee.html", round=round_, election=election, unit=election.committee, person=person,
        breadcrumbs=breadcrumbs(election.committee), manager=manager and round_.is_open, sees_personal=manager,
        shown=id_shown(election), votes=services.votes_of(person), stage=services.vetting_stage(person),
        vetting_url=vetting_file_url(round_.id, election.committee_code, person.id),
        place=place, listed=listed, latest=latest,
        relative_form=forms.get("relative") or RelativeForm(formdata=None),
        withdraw_form=forms.get("withdraw") or WithdrawForm(formdata=None),
        profile_form=forms.get("profile") or ProfileForm.of(person),
        can_withdraw=person.withdrawn_on is None and election.stage in ("nomination", "candidates_published"),
        problems=problem_texts(problems)), status


@bp.get("/<code>/nominees/<int:nominee_id>")
@access.roles(READERS, unit_arg="code")
@loads_election
def nominee(round_id: int, code: str, nominee_id: int, round_, election):
    person = child_or_404(election, Nominee, nominee_id)
    if not _manager(election):  # a reader who sees the ID number masked: audited and limited
        personal_lookup(code, "nominee", {"nominee": person.id})
    return _nominee_page(round_, election, person)


@bp.post("/<code>/nominees/<int:nominee_id>/relatives")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def add_relative(round_id: int, code: str, nominee_id: int, round_, election):
    """A spouse or relative of a nominee (R-CAND-6; R26-CAND)."""
    person = child_or_404(election, Nominee, nominee_id)
    form = RelativeForm()
    if not form.validate():
        return _nominee_page(round_, election, person, forms={"relative": form}, status=422)
    try:
        attempt(services.add_relative, person, name=form.name.data, id_number=form.id_number.data or None,
                relation=form.relation.data, actor=current_user)
    except Refusal as error:
        return _nominee_page(round_, election, person, forms={"relative": form}, problems=error.problems, status=422)
    flash(_("The relative is recorded."), "success")
    return redirect(url_for("candidates.nominee", round_id=round_id, code=code, nominee_id=nominee_id) + "#relatives")


@bp.post("/<code>/nominees/<int:nominee_id>/profile")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def profile(round_id: int, code: str, nominee_id: int, round_, election):
    """Education, ethnicity, Party membership, incumbency and Party secretary, for the statistics."""
    person = child_or_404(election, Nominee, nominee_id)
    form = ProfileForm()
    if not form.validate():
        return _nominee_page(round_, election, person, forms={"profile": form}, status=422)
    try:
        attempt(services.set_profile, person, **form.values(), actor=current_user)
    except Refusal as error:
        return _nominee_page(round_, election, person, forms={"profile": form}, problems=error.problems, status=422)
    flash(_("The profile of %(name)s is saved.", name=person.name), "success")
    return redirect(url_for("candidates.nominee", round_id=round_id, code=code, nominee_id=nominee_id) + "#profile")


@bp.post("/<code>/nominees/<int:nominee_id>/withdraw")
@access.roles(MANAGERS, unit_arg="code")
@loads_election
def withdraw(round_id: int, code: str, nominee_id: int, round_, election):
    """A nominee withdraws; after publication the list is re-issued (R-CAND-5)."""
    person = child_or_404(election, Nominee, nominee_id)
    form = WithdrawForm()
    if not form.validate():
        return _nominee_page(round_, election, person, forms={"withdraw": form}, status=422)
    try:
        issued = attempt(services.withdraw, person, form.reason.data, form.on.data, current_user)
    except Refusal as error:
        return _nominee_page(round_, election, person, forms={"withdraw": form}, problems=error.problems, status=422)
    if issued is not None:
        flash(_("%(name)s has withdrawn. The candidate list is re-issued as version %(n)s: print the notice and "
                "post it.", name=person.name, n=issued.number), "success")
        return redirect(url_for("candidates.committee", round_id=round_id, code=code) + "#lists")
    flash(_("%(name)s has withdrawn.", name=person.name), "success")
    return redirect(url_for("candidates.nominee", round_id=round_id, code=code, nominee_id=nominee_id))


# ---- the printed notice ------------------------------------------------------------------------

@bp.get("/<code>/lists/<int:number>.pdf")
@access.roles(READERS, unit_arg="code")
@loads_election
def list_pdf(round_id: int, code: str, number: int, round_, election):
    """The 候选人名单公告 of one published version, recorded in the audit log like every print."""
    try:
        data = documents.candidate_list_pdf(election, number)
    except documents.NotPublished:
        abort(404)
    return printed(data, f"candidates-{code}-v{number}.pdf", unit_code=code, action="candidates.print",
                   obj_type="round", obj_id=round_id, after={"version": number})


@bp.app_context_processor
def labels():
    return {"post_labels": POST_LABELS, "method_labels": METHOD_LABELS, "relation_labels": RELATION_LABELS,
            "vetting_stage_labels": VETTING_STAGE_LABELS, "education_labels": EDUCATION_LABELS}
