"""The figures of each committee election that the statistics pages add up (statistics.figures)."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ElectionFigures(db.Model):
    """One committee election's figures, as `figures.compute` makes them from the register, the
    tally sheets, the results and the candidates' profiles. Rewritten in the same transaction as
    every change they depend on (`figures.refresh`); `flask stats verify` recomputes them all and
    compares. The city page adds up 7,007 of these rows instead of 11 million voters."""

    __tablename__ = "election_figures"
    __table_args__ = (Index("ix_election_figures_round_district", "round_id", "district_code"),
                      Index("ix_election_figures_round_township", "round_id", "township_code"))

    election_id: Mapped[int] = mapped_column(ForeignKey("committee_elections.id"), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    district_code: Mapped[str] = mapped_column(String(12))
    township_code: Mapped[str] = mapped_column(String(12))
    figures: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                  onupdate=func.now())
