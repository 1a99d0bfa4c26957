"""The audit log: append-only, written in the same transaction as the change it records."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The actor is copied, not referenced: the entry must outlive renamed or removed accounts.
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    unit_code: Mapped[str] = mapped_column(String(12), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, entry):
    raise AuditLogIsAppendOnly(f"audit entry {entry.id} cannot be changed or deleted")
