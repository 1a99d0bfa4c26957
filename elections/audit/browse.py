"""Reading the audit log: the entries of a unit's subtree, filtered by who, what and when; a page of
them for the log page, all of them for its export; and each entry's changes as rows people read."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..clock import BEIJING
from ..extensions import db
from ..geography.codes import scope_prefix
from .models import AuditEntry


@dataclass(frozen=True)
class Filters:
    unit: str
    actor: str = ""
    action: str = ""  # matches the start of the action: `roll.` is every roll action
    start: date | None = None  # Beijing days, both included
    end: date | None = None

    def query(self):
        query = select(AuditEntry).where(AuditEntry.unit_code.like(scope_prefix(self.unit) + "%"))
        if self.actor:
            query = query.where(AuditEntry.actor == self.actor)
        if self.action:
            escaped = self.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(AuditEntry.action.like(escaped + "%", escape="\\"))
        if self.start:
            query = query.where(AuditEntry.at >= datetime.combine(self.start, time.min, BEIJING))
        if self.end:
            query = query.where(AuditEntry.at < datetime.combine(self.end + timedelta(days=1), time.min, BEIJING))
        return query.order_by(AuditEntry.id.desc())

    def args(self) -> dict:
        """The filters as the URL's arguments, to keep them on every link of the page."""
        return {key: value for key, value in (("unit", self.unit), ("actor", self.actor), ("action", self.action),
                                              ("from", self.start and self.start.isoformat()),
                                              ("to", self.end and self.end.isoformat())) if value}


def entries(filters: Filters, *, page: int = 1, size: int = 50) -> tuple[list[AuditEntry], bool]:
    """The newest first, a page of `size`; and whether older entries follow."""
    found = list(db.session.scalars(filters.query().offset((page - 1) * size).limit(size + 1)))
    return found[:size], len(found) > size


def all_entries(filters: Filters, limit: int):
    """Up to `limit` entries, newest first, streamed (for the export)."""
    return db.session.scalars(filters.query().limit(limit).execution_options(yield_per=1000))


def changes(before, after) -> list[tuple[str, object, object]]:
    """(field, before, after) for every field either side names, in the order the entry has them:
    what an entry changed, as a table rather than two JSON documents."""
    before = before if isinstance(before, dict) else ({} if before is None else {"": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"": after})
    fields = list(dict.fromkeys([*before, *after]))
    return [(field, before.get(field), after.get(field)) for field in fields]
