from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import access
from ..clock import BEIJING
from ..extensions import db
from ..geography.codes import is_code, scope_prefix, within
from ..roles import OFFICIALS, READERS
from ..rolls.idnumber import mask_within
from ..view_helpers import page_number
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
    query = select(AuditEntry).where(AuditEntry.unit_code.like(scope_prefix(unit) + "%"))
    if args.get("actor"):
        query = query.where(AuditEntry.actor == args["actor"].strip())
    if args.get("action"):
        query = query.where(AuditEntry.action.like(args["action"].strip() + "%"))
    start, end = _day(args.get("from")), _day(args.get("to"))
    if start:
        query = query.where(AuditEntry.at >= datetime.combine(start, time.min, BEIJING))
    if end:
        query = query.where(AuditEntry.at < datetime.combine(end + timedelta(days=1), time.min, BEIJING))
    page = page_number()
    entries = list(db.session.scalars(
        query.order_by(AuditEntry.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return render_template("audit/log.html", entries=[(e, _shown(e)) for e in entries[:PAGE_SIZE]],
                           has_more=len(entries) > PAGE_SIZE, page=page, unit=unit)
