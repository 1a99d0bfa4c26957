"""Pages of roll imports: upload, the check's report, apply or discard.

A township's officials import a roll file for its committees, a committee's election committee for
its own. The file is checked whole (`importer.check_import`) and its report shown; nothing is on
the rolls until someone applies the checked import. The report routes name an import, not a unit:
each checks that the import's unit lies in the user's jurisdiction itself.
"""
import csv
import io
import tempfile
from pathlib import Path

from flask import (Blueprint, Response, abort, flash, redirect, render_template, stream_with_context, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from .. import access
from ..audit.services import record
from ..extensions import db
from ..geography import services as geo
from ..geography.codes import within
from ..messages import Problem
from ..roles import OFFICIALS, Role
from ..rounds import services as rounds
from ..spreadsheets import neutralised_row
from ..transactions import attempt, declare_write
from ..view_helpers import XLSX, breadcrumbs, problem_texts, round_or_404, unit_or_404
from . import importer, roll_file
from .importer import reports
from .models import RollImport

bp = Blueprint("roll_imports", __name__, url_prefix="/rounds/<int:round_id>/rolls")

IMPORTERS = OFFICIALS | {Role.election_committee}
SHOWN_PROBLEMS = 1000  # on the report page; the CSV download has them all
STATUS_LABELS = {"checked": _l("Checked, not applied"), "rejected": _l("Has errors"), "applied": _l("Applied"),
                 "discarded": _l("Discarded"), "superseded": _l("Replaced by a later file")}
SEVERITY_LABELS = {importer.ERROR: _l("Error"), importer.NOTICE: _l("Notice")}


class RollUploadForm(FlaskForm):
    file = FileField(_l("Roll file (XLSX or CSV)"), validators=[
        FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload an XLSX or CSV file."))])


def _unit(round_, code: str):
    """A township, or a committee with an election in the round: the units a roll file is for."""
    unit = unit_or_404(code, ("township", "committee"))
    if unit.level == "committee" and rounds.election_for(round_, code) is None:
        abort(404)
    return unit


def _import(round_id: int, import_id: int) -> RollImport:
    roll_import = db.session.get(RollImport, import_id)
    if roll_import is None or roll_import.round_id != round_id:
        abort(404)
    if not within(current_user.unit_code, roll_import.scope_code):
        abort(403)
    return roll_import


def _problem_text(message: str, params: dict | None, rule: str | None) -> str:
    return Problem(message, params or {}, rule).text(_)


# ---- upload ----------------------------------------------------------------------------------

def _upload_page(round_, unit, form, *, problems=(), status=200):
    return render_template("rolls/import.html", round=round_, unit=unit, form=form,
                           imports=reports.recent_imports(round_, unit.code),
                           problems=problem_texts(problems), breadcrumbs=breadcrumbs(unit),
                           status_labels=STATUS_LABELS), status


@bp.route("/import/<code>", methods=["GET", "POST"])
@access.roles(IMPORTERS, unit_arg="code")
def import_roll(round_id: int, code: str):
    """The file is checked whole and its report shown; applying it is a second step."""
    round_ = round_or_404(round_id)
    unit = _unit(round_, code)
    form = RollUploadForm()
    if not form.validate_on_submit():
        return _upload_page(round_, unit, form, status=422 if form.is_submitted() else 200)
    upload = form.file.data
    with tempfile.TemporaryDirectory() as directory:  # read from disk as a stream, not held in memory
        path = Path(directory) / "roll"
        upload.save(path)
        try:
            roll_import = attempt(importer.check_import, round_, path, upload.filename or "", code, current_user)
        except importer.ImportRefused as error:
            return _upload_page(round_, unit, form, problems=error.problems, status=422)
    return redirect(url_for("roll_imports.report", round_id=round_id, import_id=roll_import.id))


@bp.get("/template/<code>.xlsx")
@access.roles(IMPORTERS, unit_arg="code")
def roll_template(round_id: int, code: str):
    round_ = round_or_404(round_id)
    unit = _unit(round_, code)
    return Response(roll_file.write_template(reports.template_committees(round_, unit), round_.ruleset), mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=roll-{round_.id}-{code}.xlsx"})


# ---- an import -------------------------------------------------------------------------------

def _report_page(round_, roll_import, *, problems=(), status=200):
    unit = geo.get_unit(roll_import.scope_code)
    found = reports.report(roll_import, SHOWN_PROBLEMS)
    shown = [(row, name, column, severity, _problem_text(message, params, rule))
             for row, name, column, severity, message, params, rule in found.problems]
    return render_template(
        "rolls/import_report.html", round=round_, roll_import=roll_import, unit=unit, names=found.names,
        errors=found.counts.get(importer.ERROR, 0), notices=found.counts.get(importer.NOTICE, 0), shown=shown,
        listed=sum(found.counts.values()), problems=problem_texts(problems), breadcrumbs=breadcrumbs(unit) if unit else [],
        status_labels=STATUS_LABELS, severity_labels=SEVERITY_LABELS), status


@bp.get("/imports/<int:import_id>")
@access.roles(IMPORTERS)
def report(round_id: int, import_id: int):
    return _report_page(round_or_404(round_id), _import(round_id, import_id))


@bp.get("/imports/<int:import_id>/problems.csv")
@access.roles(IMPORTERS)
def problems_csv(round_id: int, import_id: int):
    """Every error and notice, for a file with more than the page shows; UTF-8 with a BOM, which
    Excel needs to read it as such."""
    roll_import = _import(round_id, import_id)

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Row"), _("Name"), _("Column"), _("Error or notice"), _("Problem")])
        yield "\ufeff" + buffer.getvalue()
        for row, name, column, severity, message, params, rule in reports.all_problems(roll_import):
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(neutralised_row([row or "", name or "", column or "", SEVERITY_LABELS.get(severity, severity),
                                             _problem_text(message, params, rule)]))
            yield buffer.getvalue()

    declare_write()  # every export of personal data is in the audit log
    record(current_user, roll_import.scope_code, "roll.export", "roll_import", roll_import.id,
           after={"what": "problems", "format": "csv"})
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=roll-import-{import_id}-problems.csv"})


@bp.post("/imports/<int:import_id>/apply")
@access.roles(IMPORTERS)
def apply_import(round_id: int, import_id: int):
    round_, roll_import = round_or_404(round_id), _import(round_id, import_id)
    try:
        summary = attempt(importer.apply_import, roll_import, current_user)
    except importer.ImportRefused as error:
        return _report_page(round_, db.session.get(RollImport, import_id), problems=error.problems, status=422)
    flash(_("%(voters)s people were put on the rolls of %(committees)s committees.",
            voters=sum(c["voters"] for c in summary.values()), committees=len(summary)), "success")
    return redirect(url_for("roll_imports.report", round_id=round_id, import_id=import_id))


@bp.post("/imports/<int:import_id>/discard")
@access.roles(IMPORTERS)
def discard_import(round_id: int, import_id: int):
    round_, roll_import = round_or_404(round_id), _import(round_id, import_id)
    try:
        attempt(importer.discard_import, roll_import, current_user)
    except importer.ImportRefused as error:
        return _report_page(round_, roll_import, problems=error.problems, status=422)
    flash(_("The import was discarded: nothing was put on the rolls."), "success")
    return redirect(url_for("roll_imports.report", round_id=round_id, import_id=import_id))
