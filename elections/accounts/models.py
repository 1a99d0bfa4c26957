"""Accounts: each bound to one role and one unit, whose subtree is its whole world."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, func, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..geography.models import Division


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # A user name is one name whatever its case: `Admin` cannot stand beside `admin`.
    __table_args__ = (Index("uq_users_username_folded", func.lower(text("username")), unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    # A vetting department's name as the round's criteria name it (公安, 法院, …): its account sees
    # only the ten-cannot items that department answers (R-CAND-3).
    department: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Part of the session cookie's account id: raised at logout, a password change or deactivation,
    # so that every session of the account ends, including copies of its cookie.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    unit: Mapped[Division] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """The account as the session cookie names it: its id and its session version."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1


class LoginAttempt(db.Model):
    """Failed logins, kept to throttle password guessing per account and per address."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(45), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
