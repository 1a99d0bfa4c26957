"""Imports every model so that Alembic and SQLAlchemy see the whole schema."""
from .accounts.models import LoginAttempt, User
from .audit.models import AuditEntry
from .geography.models import City, Committee, District, Division, Township

__all__ = ["AuditEntry", "City", "Committee", "District", "Division", "LoginAttempt", "Township", "User"]
