"""The core's models, one file per domain; imported from here (``loket.core.models``)."""

from loket.core.models.accounts import Role, RoleAssignment, User, UserManager
from loket.core.models.health import Heartbeat
from loket.core.models.mail import (
    CAP_EXEMPT_REASONS,
    DIGEST_REASONS,
    MailPreference,
    MailReason,
    OutgoingMail,
    ReminderSetting,
)
from loket.core.models.organisations import (
    Board,
    PostcodeArea,
    Region,
    School,
    SchoolType,
    Sector,
    Subject,
    TrainingInstitute,
)

__all__ = [
    "CAP_EXEMPT_REASONS",
    "DIGEST_REASONS",
    "Board",
    "Heartbeat",
    "MailPreference",
    "MailReason",
    "OutgoingMail",
    "PostcodeArea",
    "Region",
    "ReminderSetting",
    "Role",
    "RoleAssignment",
    "School",
    "SchoolType",
    "Sector",
    "Subject",
    "TrainingInstitute",
    "User",
    "UserManager",
]
