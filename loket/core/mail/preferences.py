"""What a person wants from our mail (unsubscribe from reminders), and forgetting their mail
when their data is removed."""

import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q

from loket.core.http import reverse_one
from loket.core.models import MailPreference, OutgoingMail, User

logger = logging.getLogger(__name__)


UNSUBSCRIBE_SALT = "loket.mail.unsubscribe"


Status = OutgoingMail.Status


@transaction.atomic
def outbox_forget_person(*, user: User) -> int:
    """When a person's data is removed, their mail log keeps only what statistics need (reason,
    status, dates, region); address, subject and text go, and nothing still queued is sent."""
    mails = OutgoingMail.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email))
    mails.filter(status__in=[Status.QUEUED, Status.SENDING]).update(
        status=Status.WITHHELD, withheld_reason=OutgoingMail.Withheld.FORGOTTEN
    )
    return mails.update(
        recipient=None,
        to_email="",
        subject="",
        body_text="",
        body_html="",
        attachment_text="",
        last_error="",
    )


# --- Unsubscribe ---------------------------------------------------------------------------------


def unsubscribe_token(user_id: int) -> str:
    """A signed token that names the user: no login needed, and it does not expire, because an
    unsubscribe link in an old mail must keep working."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user_id))


def unsubscribe_user_id(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url_for_id(user_id: int) -> str:
    path = reverse_one("mail:unsubscribe", unsubscribe_token(user_id))
    return f"{settings.LOKET_SITE_URL}{path}"


def unsubscribe_url(user: User | None) -> str | None:
    return unsubscribe_url_for_id(user.pk) if user is not None else None


def reminders_opted_out(user: User) -> bool:
    return MailPreference.objects.filter(user=user, reminders_opt_out=True).exists()


@transaction.atomic
def mail_preference_set(*, user: User, reminders_opt_out: bool) -> MailPreference:
    """Record whether a person wants reminders. Essential mail is not affected either way."""
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"reminders_opt_out": reminders_opt_out}
    )
    return preference
