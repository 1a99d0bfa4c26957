"""Printed documents in the browser: the unit list, a committee's certificates of election and
their re-issue, the public verification page, and batches printed in the background."""
from itertools import groupby

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import access
from ..audit.services import record
from ..extensions import db
from ..geography import services as geo
from ..geography.authority import customary_name
from ..geography.authority import issuing_authority as authority_of
from ..geography.codes import within
from ..roles import OFFICIALS, READERS
from ..transactions import attempt, declare_write
from ..view_helpers import (NO_STORE, breadcrumbs, child_or_404, loads_election, printed, problem_texts,
                            round_or_404, unit_or_404)
from . import batches, certificates, jobs, verification
from .models import Certificate, PrintJob
from .pdf import render_pdf

bp = Blueprint("documents", __name__, url_prefix="/documents")
verify_bp = Blueprint("verify", __name__)


def pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{filename}"
    return response


def unit_list_context(unit) -> dict:
    """Committees grouped by district and township, in code order (the order of official lists)."""
    rows = [{"code": c.code, "name": c.name, "kind": c.kind, "urban_rural_code": c.urban_rural_code,
             "township": t_name, "district": d_name} for c, t_name, d_name in geo.committees_under(unit)]
    districts = []
    for district, in_district in groupby(rows, key=lambda r: r["district"]):
        townships = [{"name": name, "committees": list(group)}
                     for name, group in groupby(in_district, key=lambda r: r["township"])]
        districts.append({"name": district, "townships": townships,
                          "count": sum(len(t["committees"]) for t in townships)})
    return {
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "breadcrumbs": [b.name for b in geo.breadcrumbs(unit)],
        "committees": rows,
        "districts": districts,
    }


@bp.get("/units/<code>.pdf")
@access.roles(READERS, unit_arg="code")
def unit_list(code: str):
    """A unit and every active committee below it, with codes: the first printed document."""
    unit = unit_or_404(code)
    context = unit_list_context(unit)
    context["printed_by"] = current_user.username
    return pdf_response(render_pdf("print/unit_list.html", context, number=f"UL-{code}"), f"{code}.pdf")


# ---- a committee's certificates of election (R-CERT-2) --------------------------------------------

@bp.get("/rounds/<int:round_id>/certificates/<code>.pdf")
@access.roles(certificates.ISSUERS, unit_arg="code")
@loads_election
def committee_certificates(round_id: int, code: str, round_, election):
    """The committee's current certificates, one page each; printing them makes them no longer new."""
    current = [c for c in certificates.certificates_of(election) if c.status == "current"]
    if not current:
        abort(404)
    data = certificates.certificates_pdf(current, number=f"CE-{code}")
    declare_write()
    batches.mark_printed("certificates", [[c.id for c in current]])
    return printed(data, f"certificates-{code}.pdf", unit_code=code, action="certificate.print",
                   obj_type="committee_election", obj_id=election.id, after={"certificates": len(current)})


@bp.post("/rounds/<int:round_id>/certificates/<code>/<int:certificate_id>/reissue")
@access.roles(certificates.ISSUERS, unit_arg="code")
@loads_election
def reissue(round_id: int, code: str, certificate_id: int, round_, election):
    certificate = child_or_404(election, Certificate, certificate_id)
    back = redirect(url_for("tallies.committee", round_id=round_id, code=code) + "#certificates")
    if not FlaskForm().validate():
        flash(_("The form has expired: send it again."), "danger")
        return back
    try:
        new = attempt(certificates.reissue, certificate, request.form.get("reason", ""), current_user)
    except certificates.CertificateError as error:
        for text in problem_texts(error.problems):
            flash(text, "danger")
        return back
    flash(_("Certificate %(old)s is replaced by %(new)s: print the new one.", old=certificate.serial, new=new.serial),
          "success")
    return back


# ---- the public verification page ------------------------------------------------------------------

@verify_bp.get("/verify")
@access.public
def verify_form():
    """Where a serial is typed: anyone holding a certificate, or shown one, checks it here."""
    typed = request.args.get("serial", "").strip()
    if typed:
        return redirect(url_for("verify.verify", serial=typed))
    return render_template("documents/verify.html", typed="", certificate=None, looked_up=False)


@verify_bp.get("/verify/<serial>")
@access.public
def verify(serial: str):
    """Whether a certificate is genuine and current: name, committee, post and term; or that it was
    annulled or replaced, with the day. Nothing else (no ID number, no votes)."""
    declare_write()
    if not verification.allowed(request.remote_addr or ""):
        page, status = render_template("documents/verify.html", typed=serial, certificate=None, looked_up=False,
                                       throttled=True), 429
    else:
        certificate = certificates.find(serial)
        context = certificates.contexts([certificate])[0] if certificate is not None else None
        page = render_template("documents/verify.html", typed=serial, certificate=certificate, shown=context,
                               looked_up=True)
        status = 200 if certificate is not None else 404
    response = Response(page, status=status)
    response.headers["Cache-Control"] = NO_STORE  # an annulment shows at once, never a cached "current"
    return response


# ---- batches printed in the background ---------------------------------------------------------------

BATCH_LEVELS = ("city", "district", "township")


def _jobs_of(unit) -> list[PrintJob]:
    return list(db.session.scalars(db.select(PrintJob).where(PrintJob.unit_code == unit.code)
                                   .order_by(PrintJob.id.desc()).limit(20)))


def _batches_page(round_, unit, *, problems=(), status=200):
    return render_template("documents/batches.html", round=round_, unit=unit, breadcrumbs=breadcrumbs(unit),
                           jobs=_jobs_of(unit), kinds=batches.KINDS, plain=FlaskForm(formdata=None),
                           customary=customary_name(unit.name), problems=problem_texts(problems)), status


@bp.get("/rounds/<int:round_id>/batches/<code>")
@access.roles(OFFICIALS, unit_arg="code")
def batches_page(round_id: int, code: str):
    return _batches_page(round_or_404(round_id), unit_or_404(code, BATCH_LEVELS))


@bp.post("/rounds/<int:round_id>/batches/<code>")
@access.roles(OFFICIALS, unit_arg="code")
def start_batch(round_id: int, code: str):
    round_, unit = round_or_404(round_id), unit_or_404(code, BATCH_LEVELS)
    kind = request.form.get("kind", "")
    if not FlaskForm().validate() or kind not in batches.KINDS:
        return _batches_page(round_, unit, status=400)
    try:
        job = attempt(batches.plan, kind, round_.id, unit, current_user, only_new=bool(request.form.get("only_new")))
    except batches.BatchError as error:
        return _batches_page(round_, unit, problems=error.problems, status=422)
    jobs.start(job)
    flash(_("The batch is printing in the background: %(documents)d documents, about %(pages)d pages.",
            documents=job.documents, pages=job.pages_total), "success")
    return redirect(url_for("documents.batches_page", round_id=round_id, code=code) + f"#job-{job.id}")


@bp.post("/rounds/<int:round_id>/batches/<code>/issuing-authority")
@access.roles(OFFICIALS, unit_arg="code")
def issuing_authority(round_id: int, code: str):
    """R-CERT-2: the township's name as its certificates give their issuing authority."""
    round_, unit = round_or_404(round_id), unit_or_404(code, ("township",))
    if not FlaskForm().validate():
        return _batches_page(round_, unit, status=400)
    try:
        attempt(geo.set_issuing_authority, unit, request.form.get("issuing_authority", ""), current_user)
    except geo.AuthorityError as error:
        return _batches_page(round_, unit, problems=error.problems, status=422)
    flash(_("Certificates issued from now on name %(authority)s.", authority=authority_of(unit)), "success")
    return redirect(url_for("documents.batches_page", round_id=round_id, code=code))


def _job_or_404(job_id: int) -> PrintJob:
    job = db.session.get(PrintJob, job_id) if 0 < job_id < 2**63 else None
    if job is None or not within(current_user.unit_code, job.unit_code):
        abort(404)
    return job


@bp.get("/jobs/<int:job_id>.json")
@access.roles(OFFICIALS)
def job_progress(job_id: int):
    """How far a batch is, for the page's progress bar (static/js/batches.js)."""
    job = _job_or_404(job_id)
    response = jsonify(batches.progress(job))
    response.headers["Cache-Control"] = NO_STORE
    return response


@bp.get("/jobs/<int:job_id>.pdf")
@access.roles(OFFICIALS)
def job_file(job_id: int):
    """The finished batch, in the audit log like every printed document with personal data."""
    job = _job_or_404(job_id)
    path = batches.output(job)
    if job.status != "done" or not path.is_file():
        abort(404)
    declare_write()
    record(current_user, job.unit_code, "documents.batch.download", "print_job", job.id, after={"kind": job.kind})
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=f"{job.kind}-{job.unit_code}-{job.id}.pdf")
    response.headers["Cache-Control"] = NO_STORE
    return response
