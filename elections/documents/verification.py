"""The public verification page's rate limit: look-ups per address within a window.

A serial has 80 random bits, so guessing finds nothing at any rate; the limit keeps the public page
from being used to hammer the database, and keeps a scraper slow. Look-ups are rows, so the limit
holds across gunicorn's workers.
"""
from datetime import datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from .models import VerificationLookup


def allowed(address: str) -> bool:
    """Record a look-up from `address`; False when it is over VERIFY_LOOKUPS within VERIFY_WINDOW s."""
    config = current_app.config
    now = datetime.now(timezone.utc)
    since = now - timedelta(seconds=config["VERIFY_WINDOW"])
    db.session.execute(delete(VerificationLookup).where(VerificationLookup.at < since))
    recent = db.session.scalar(select(func.count()).where(VerificationLookup.address == address,
                                                          VerificationLookup.at >= since))
    if recent >= config["VERIFY_LOOKUPS"]:
        return False
    db.session.add(VerificationLookup(address=address[:45], at=now))
    db.session.flush()
    return True
