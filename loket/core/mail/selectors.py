"""Reads about outgoing mail for the pages that show it."""

from django.db.models import QuerySet

from loket.core.models import OutgoingMail, User
from loket.core.selectors import coordinated_regions, staff_regions

# What a list shows; the bodies stay in the database until someone opens one message.
LIST_FIELDS = [
    "pk",
    "to_email",
    "reason",
    "subject",
    "status",
    "withheld_reason",
    "attempts",
    "last_error",
    "essential",
    "not_before",
    "created_at",
    "sent_at",
    "region__name",
]


def mails_for_user(user: User, *, include_withheld: bool = True) -> QuerySet[OutgoingMail]:
    """Every message to one person, newest first: for the candidate file (staff see withheld
    ones too, with the reason) and for "My journey" (``include_withheld=False``)."""
    mails = OutgoingMail.objects.filter(recipient=user)
    if not include_withheld:
        mails = mails.exclude(status=OutgoingMail.Status.WITHHELD)
    return mails.select_related("region").only(*LIST_FIELDS).order_by("-created_at", "-pk")


def can_see_outbox(user: User) -> bool:
    """Superusers, and desk staff or coordinators (for their own regions)."""
    return user.is_authenticated and (user.is_superuser or staff_regions(user).exists())


def outbox_for(user: User) -> QuerySet[OutgoingMail]:
    """The outgoing mail a staff member may read: all for a superuser, else their regions'."""
    mails = OutgoingMail.objects.select_related("region")
    if not user.is_superuser:
        mails = mails.filter(region__in=staff_regions(user))
    return mails.order_by("-created_at", "-pk")


def outbox_requeueable_for(user: User) -> QuerySet[OutgoingMail]:
    """The outgoing mail a person may queue again when it failed: all for a superuser, else
    their coordinated regions' (desk staff read the outbox but do not act on it)."""
    mails = OutgoingMail.objects.all()
    if not user.is_superuser:
        mails = mails.filter(region__in=coordinated_regions(user))
    return mails
