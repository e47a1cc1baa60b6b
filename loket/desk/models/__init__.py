"""The desk's own records, one file per domain; imported from here (``loket.desk.models``).

Their tables kept the names they had in ``kandidaten`` and ``vacatures`` (``db_table``): the move
was a change of code only (migration ``desk.0001``).
"""

from loket.desk.models.assessments import ADMISSIBLE_OUTCOMES, Assessment, AssessmentOutcome
from loket.desk.models.insight import AvailableCount, FunnelFact, InsightRefresh, SupplyCount
from loket.desk.models.norms import DEFAULT_PHASE_NORM_DAYS, PhaseNorm
from loket.desk.models.proposals import (
    MATCHABLE_PHASES,
    OPEN_PROPOSAL_STATUSES,
    DeclineReason,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from loket.desk.models.records import CandidateNote, Contact, ContactKind
from loket.desk.models.referrals import Referral

__all__ = [
    "ADMISSIBLE_OUTCOMES",
    "DEFAULT_PHASE_NORM_DAYS",
    "MATCHABLE_PHASES",
    "OPEN_PROPOSAL_STATUSES",
    "Assessment",
    "AvailableCount",
    "AssessmentOutcome",
    "CandidateNote",
    "Contact",
    "ContactKind",
    "DeclineReason",
    "FunnelFact",
    "InsightRefresh",
    "PhaseNorm",
    "Proposal",
    "ProposalEvent",
    "ProposalStatus",
    "Referral",
    "SupplyCount",
]
