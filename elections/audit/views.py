from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from .. import access
from ..clock import BEIJING
from ..extensions import db
from ..geography.codes import is_code, scope_prefix, within
from ..roles import READERS
from .models import AuditEntry

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 100


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


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
    page = max(1, args.get("page", 1, type=int))
    entries = list(db.session.scalars(
        query.order_by(AuditEntry.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return render_template("audit/log.html", entries=entries[:PAGE_SIZE], has_more=len(entries) > PAGE_SIZE,
                           page=page, unit=unit)
