from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..geography.codes import is_code, within
from ..roles import OFFICIALS, READERS
from ..rolls.idnumber import mask_within
from ..view_helpers import page_number
from . import browse
from .models import AuditEntry

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 100


def _day(value: str | None) -> date | None:
    """A day of the filter; one the calendar cannot follow to its next day (9999-12-31) is no bound."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is None or day < date.max else None


def _shown(entry: AuditEntry) -> dict:
    """What the reader sees of an entry: ID numbers masked (entries written before they were masked
    on writing included), and the vetting departments' evidence only for the officials who may open
    the vetting file (R-CAND-3); observers and election committees see that evidence was given."""
    def redact(value):
        value = mask_within(value)
        if isinstance(value, dict) and "evidence" in value and entry.action.startswith("vetting.") \
                and current_user.role not in OFFICIALS:
            value = {**value, "evidence": _("(withheld)") if value["evidence"] else value["evidence"]}
        return value
    return {"before": redact(entry.before), "after": redact(entry.after)}


@bp.get("/")
@access.roles(READERS)
def log():
    """The log of the user's jurisdiction; a unit filter narrows it, never widens it."""
    args = request.args
    unit = args.get("unit", "").strip()
    if not (is_code(unit) and within(current_user.unit_code, unit)):
        unit = current_user.unit_code
    page = page_number()
    found, has_more = browse.entries(unit, actor=args.get("actor", "").strip(), action=args.get("action", "").strip(),
                                     start=_day(args.get("from")), end=_day(args.get("to")), page=page, size=PAGE_SIZE)
    return render_template("audit/log.html", entries=[(e, _shown(e)) for e in found], has_more=has_more,
                           page=page, unit=unit)
