"""Imports every model so that Alembic and SQLAlchemy see the whole schema."""
from .accounts.models import LoginAttempt, User
from .audit.models import AuditEntry
from .candidates.models import (Assessment, CandidateList, Finding, Nomination, NominationMeeting, NominationSigner,
                                Nominee, PostChoice, Relative, VettingFile)
from .documents.models import Certificate, PrintJob, VerificationLookup
from .geography.models import City, Committee, District, Division, Township
from .polling.models import BallotIssue, PollingPlace, Proxy, StaffAssignment
from .rolls.models import (GroupRepresentative, Household, ImportProblem, ImportRow, Objection, RollChange,
                           RollImport, RollVersion, Voter, VoterGroup)
from .rounds.models import CommitteeElection, CriteriaVersion, ElectionCommitteeMember, Round, StageChange
from .statistics.models import ElectionFigures
from .tallies.models import Annulment, Ballot, TallyEntry, TallySheet

__all__ = ["ElectionFigures", "Certificate", "PrintJob", "VerificationLookup", "Annulment", "Ballot", "TallyEntry", "TallySheet", "Assessment", "AuditEntry", "BallotIssue", "PollingPlace", "Proxy", "StaffAssignment", "CandidateList", "Finding", "Nomination", "NominationMeeting",
           "NominationSigner", "Nominee", "PostChoice", "Relative", "VettingFile", "City", "Committee", "CommitteeElection", "CriteriaVersion", "District", "Division",
           "ElectionCommitteeMember", "GroupRepresentative", "Household", "ImportProblem", "ImportRow",
           "LoginAttempt", "Objection", "RollChange", "RollImport", "RollVersion", "Round", "StageChange",
           "Township", "User", "Voter", "VoterGroup"]
