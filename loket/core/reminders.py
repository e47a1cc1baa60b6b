"""The desk's own reminder rules, the ones that need no candidate or vacancy.

Rules of other apps live in their own ``reminders.py`` (see ``loket.core.mail.reminders``).
"""

from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import AMSTERDAM
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
            run.queue(recipient=user, key=f"{user.pk}:{days}d", context={"days": days})


@reminder_rule(
    "failed_mail_digest",
    reason=MailReason.FAILED_MAIL_DIGEST,
    label=_("Daily overview of undeliverable mail for the coordinators"),
)
def failed_mail_digest(run: RuleRun) -> None:
    """Mail the server refused for good is work for the desk (a wrong address, a full mailbox):
    the region's coordinators get one overview per day of yesterday's failures, and none on a
    day without failures."""
    yesterday = run.today - timedelta(days=1)
    start = datetime.combine(yesterday, time.min, tzinfo=AMSTERDAM)
    failed = list(
        OutgoingMail.objects.filter(
            region=run.region,
            status=OutgoingMail.Status.FAILED,
            last_attempt_at__gte=start,
            last_attempt_at__lt=start + timedelta(days=1),
        )
        .order_by("last_attempt_at")
        .only("to_email", "reason", "last_error", "last_attempt_at")
    )
    if not failed:
        return
    for user in coordinators_of(run.region).filter(run.not_mailed(f":{yesterday.isoformat()}")):
        run.queue(
            recipient=user,
            key=f"{user.pk}:{yesterday.isoformat()}",
            context={"failed": failed, "day": yesterday},
        )
