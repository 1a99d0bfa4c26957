"""The administrative tree: city → district → township (街道/乡/镇) → committee (村/居委会).

One table with a `level`, mapped as four classes, because accounts, the audit log and later
rounds all refer to "a unit" of any level by its code. Units are never deleted: past rounds
refer to them, so a unit that vanishes from a newer list is marked inactive.
"""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

class Division(db.Model):
    __tablename__ = "divisions"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    urban_rural_code: Mapped[str | None] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # A township's issuing authority as certificates of election name it (R-CERT-2), when not the
    # customary 街道办事处 / 人民政府 of its name (documents.certificates.issuing_authority).
    issuing_authority: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    parent: Mapped["Division | None"] = relationship(remote_side=[code], back_populates="children")
    children: Mapped[list["Division"]] = relationship(
        back_populates="parent", order_by="Division.code"
    )

    __mapper_args__ = {"polymorphic_on": "level", "polymorphic_identity": "division"}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code} {self.name}>"


class City(Division):
    __mapper_args__ = {"polymorphic_identity": "city"}


class District(Division):
    __mapper_args__ = {"polymorphic_identity": "district"}


class Township(Division):
    __mapper_args__ = {"polymorphic_identity": "township"}


class Committee(Division):
    __mapper_args__ = {"polymorphic_identity": "committee"}
