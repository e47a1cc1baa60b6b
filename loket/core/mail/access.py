"""Access to outgoing mail: one helper per object kind, scoped by role and region, 404 for
everyone else (so an id reveals nothing)."""

from django.http import Http404

from loket.core.mail.selectors import outbox_for
from loket.core.models import OutgoingMail, User


def get_outgoing_mail_for(user: User, pk: int) -> OutgoingMail:
    try:
        return outbox_for(user).get(pk=pk)
    except OutgoingMail.DoesNotExist:
        raise Http404 from None
