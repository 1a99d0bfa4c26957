from flask import Blueprint, render_template
from flask_babel import gettext as _

from .. import access
from ..roles import OFFICIALS, Role
from ..rulesets import RULESETS
from .counting import count, quorum_min_cast
from .forms import WhatIfForm
from .i18n import describe
from .parsing import RecordError, loads_record

bp = Blueprint("results", __name__, url_prefix="/results")

# Those who supervise or run a count, and observers. Clerks enter tallies and need not see this.
# The page reads and stores nothing: it counts only the record the user brings, so no jurisdiction
# applies (an auditor may check any committee's exported record).
WHAT_IF_ROLES = OFFICIALS | {Role.election_committee, Role.observer}


@bp.route("/what-if", methods=["GET", "POST"])
@access.roles(WHAT_IF_ROLES)
def what_if():
    """Count an uploaded or pasted election record and lay the result out as the announcement will."""
    form = WhatIfForm()
    result, problems = None, []
    if form.validate_on_submit():
        text = form.record_text.data or ""
        if form.record_file.data:
            try:
                # utf-8-sig: Windows Notepad saves UTF-8 with a byte-order mark.
                text = form.record_file.data.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                problems = [_("The file is not UTF-8 text.")]
            else:
                form.record_text.data = text  # shown again, so the user sees what was counted and can fix it
        if not problems and not text.strip():
            problems = [_("Choose a record file or paste a record.")]
        elif not problems:
            try:
                result = count(loads_record(text))
            except RecordError as exc:
                problems = [describe(problem) for problem in exc.problems]
    rules = RULESETS[result.record.round.ruleset] if result else None
    return render_template("results/what_if.html", form=form, result=result, problems=problems, rules=rules,
                           quorum_min=quorum_min_cast(result.record, rules) if result else None)
