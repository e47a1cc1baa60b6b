"""The desk's own reminder rules, the ones that need no candidate or vacancy.

Rules of other apps live in their own ``reminders.py`` (see ``loket.core.mail.reminders``).
"""

from collections import Counter
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from loket.core.mail.reminders import RuleRun, reminder_rule
from loket.core.models import MailReason, OutgoingMail, User
from loket.core.people import coordinators_of


@reminder_rule(
    "account_unverified",
    reason=MailReason.ACCOUNT_UNVERIFIED,
    label=_("Email address not confirmed: reminders after 2 and 7 days"),
    defaults={"days": [2, 7]},
    regional=False,
)
def account_unverified(run: RuleRun) -> None:
    """Someone signed up but never confirmed their address: remind them after 2 and 7 days,
    then stop. Each reminder is due for one day after its threshold, so switching the rule on
    does not mail everyone who ever gave up."""
    unverified = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, verified=False)
    for days in run.params["days"]:
        threshold = run.now - timedelta(days=days)
        users = (
            User.objects.filter(
                is_active=True,
                date_joined__lte=threshold,
                date_joined__gt=threshold - timedelta(days=1),
            )
            .filter(Exists(unverified))
            .filter(run.not_mailed(f":{days}d"))
            .order_by("pk")
        )
        for user in users:
            run.queue_later(recipient=user, key=f"{user.pk}:{days}d", context={"days": days})


@reminder_rule(
    "failed_mail_digest",
    reason=MailReason.FAILED_MAIL_DIGEST,
    label=_("Undeliverable mail: the coordinators are told the same day"),
)
def failed_mail_digest(run: RuleRun) -> None:
    """Mail that failed for good (the server refused it, or it could not be delivered for
    ``LOKET_MAIL_RETRY_HOURS``) is work for the desk: each hourly run tells the region's
    coordinators about the failures nobody was told about yet, so they hear of it the same day
    (the quiet hours hold a notice at night until the morning). The notice holds no personal
    data: how many, and why, and a link to the outbox page, where they can queue them again.
    Failures older than a week are left out, so switching the rule on mails no history."""
    with transaction.atomic():
        failed = list(
            OutgoingMail.objects.filter(
                region=run.region,
                status=OutgoingMail.Status.FAILED,
                failure_reported_at=None,
                last_attempt_at__gte=run.now - timedelta(days=7),
            )
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .only("pk", "reason")
        )
        if not failed:
            return
        coordinators = list(coordinators_of(run.region))
        if not coordinators:
            return  # told once the region has a coordinator
        # Labels stay lazy: the notice is written in each coordinator's language.
        reasons = Counter(mail.reason for mail in failed)
        occasion = f"{run.now:%Y%m%d%H%M}:{failed[-1].pk}"
        for user in coordinators:
            run.queue(
                recipient=user,
                key=f"{user.pk}:{occasion}",
                context={
                    "count": len(failed),
                    "reasons": [
                        (MailReason(value).label, n) for value, n in sorted(reasons.items())
                    ],
                    "retry_hours": settings.LOKET_MAIL_RETRY_HOURS,
                },
            )
        OutgoingMail.objects.filter(pk__in=[mail.pk for mail in failed]).update(
            failure_reported_at=run.now
        )
