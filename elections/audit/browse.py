"""Reading the audit log: a page of entries of a unit's subtree, filtered by who, what and when."""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..clock import BEIJING
from ..extensions import db
from ..geography.codes import scope_prefix
from .models import AuditEntry


def entries(unit_code: str, *, actor: str = "", action: str = "", start: date | None = None,
            end: date | None = None, page: int = 1, size: int = 100) -> tuple[list[AuditEntry], bool]:
    """The newest first, a page of `size`; and whether older entries follow. `action` matches its
    start (`roll.` is every roll action); the days are Beijing days, both included."""
    query = select(AuditEntry).where(AuditEntry.unit_code.like(scope_prefix(unit_code) + "%"))
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action.like(action + "%"))
    if start:
        query = query.where(AuditEntry.at >= datetime.combine(start, time.min, BEIJING))
    if end:
        query = query.where(AuditEntry.at < datetime.combine(end + timedelta(days=1), time.min, BEIJING))
    found = list(db.session.scalars(query.order_by(AuditEntry.id.desc()).offset((page - 1) * size).limit(size + 1)))
    return found[:size], len(found) > size
