"""Imports every model so that Alembic and SQLAlchemy see the whole schema."""
from .accounts.models import LoginAttempt, User
from .audit.models import AuditEntry
from .geography.models import City, Committee, District, Division, Township
from .rolls.models import (GroupRepresentative, Household, ImportProblem, ImportRow, Objection, RollChange,
                           RollImport, RollVersion, Voter, VoterGroup)
from .rounds.models import CommitteeElection, CriteriaVersion, ElectionCommitteeMember, Round, StageChange

__all__ = ["AuditEntry", "City", "Committee", "CommitteeElection", "CriteriaVersion", "District", "Division",
           "ElectionCommitteeMember", "GroupRepresentative", "Household", "ImportProblem", "ImportRow",
           "LoginAttempt", "Objection", "RollChange", "RollImport", "RollVersion", "Round", "StageChange",
           "Township", "User", "Voter", "VoterGroup"]
