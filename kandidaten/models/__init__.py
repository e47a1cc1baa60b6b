"""The candidates' models, one file per domain; imported from here (``kandidaten.models``)."""

from kandidaten.models.candidate import Candidate, DuplicateFlag, PhaseEvent, TeachingQualification
from kandidaten.models.choices import (
    DEGREE_IN_PROGRESS_CHOICES,
    MAIN_PHASES,
    SECTOR_CHOICES,
    SIDE_EXITS,
    DropoutReason,
    DutchLevel,
    Education,
    FieldRelation,
    Phase,
    SecondaryLevel,
    Situation,
    Source,
    TeachingLevel,
)
from kandidaten.models.documents import CandidateDocument
from kandidaten.models.events import Appointment, Event, EventRegistration, WaitingListEntry
from kandidaten.models.intakes import CalendarFeed, IntakeSlot
from kandidaten.models.privacy import (
    CandidateAccess,
    ConsentKind,
    ConsentRecord,
    ErasureReason,
    ErasureRecord,
    PrivacyStatement,
    RetentionRun,
)
from kandidaten.models.routes import Route

__all__ = [
    "DEGREE_IN_PROGRESS_CHOICES",
    "MAIN_PHASES",
    "SECTOR_CHOICES",
    "SIDE_EXITS",
    "Appointment",
    "CalendarFeed",
    "Candidate",
    "CandidateAccess",
    "CandidateDocument",
    "ConsentKind",
    "ConsentRecord",
    "DropoutReason",
    "DuplicateFlag",
    "DutchLevel",
    "Education",
    "ErasureReason",
    "ErasureRecord",
    "Event",
    "EventRegistration",
    "FieldRelation",
    "IntakeSlot",
    "Phase",
    "PhaseEvent",
    "PrivacyStatement",
    "RetentionRun",
    "Route",
    "SecondaryLevel",
    "Situation",
    "Source",
    "TeachingLevel",
    "TeachingQualification",
    "WaitingListEntry",
]
