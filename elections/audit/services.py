"""Writing the audit log. Services `record` their change in the unit of work that commits it.

The log is read by observers and election committees, who see ID numbers masked everywhere else,
so it never holds a whole ID number: every one in an entry is masked as it is written.
"""
from datetime import datetime, timezone

from ..extensions import db
from ..rolls.idnumber import mask_within
from .models import AuditEntry

SYSTEM = "system"  # the actor of command-line changes made without an account


def actor_name(actor) -> str:
    """How the log and the records of each change name who made it."""
    return getattr(actor, "username", None) or SYSTEM


def record(actor, unit_code: str, action: str, obj_type: str, obj_id, before=None, after=None) -> AuditEntry:
    """Add an entry to the current unit of work; it commits or rolls back with the change."""
    entry = AuditEntry(
        at=datetime.now(timezone.utc),
        actor_id=getattr(actor, "id", None),
        actor=actor_name(actor),
        unit_code=unit_code,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        before=mask_within(before),
        after=mask_within(after),
    )
    db.session.add(entry)
    return entry
