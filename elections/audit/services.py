"""Writing the audit log. Service functions call `record` before they commit their change."""
from datetime import datetime, timezone

from ..extensions import db
from .models import AuditEntry

SYSTEM = "system"  # the actor of command-line changes made without an account


def record(actor, unit_code: str, action: str, obj_type: str, obj_id, before=None, after=None) -> AuditEntry:
    """Add an entry to the current transaction; it commits or rolls back with the change."""
    entry = AuditEntry(
        at=datetime.now(timezone.utc),
        actor_id=getattr(actor, "id", None),
        actor=getattr(actor, "username", None) or SYSTEM,
        unit_code=unit_code,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
