"""Retention: records that stayed inactive after the retention warning are anonymised on the day
the warning named (``Candidate.removal_due_on``, set by ``kandidaten.reminders``).

Any sign of life after the warning (a sign-in, a change to their record, a contact logged by
the desk) cancels it: the clock starts again and a new warning comes later. Each record is
anonymised in its own transaction, so one failure does not stop the others; a record is never
anonymised twice. Every run that acts (not a dry run) writes a ``RetentionRun`` with counts and
record numbers, never personal data.
"""

import datetime
import logging

from celery import shared_task
from django.db.models import DateTimeField, F, Q
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from kandidaten.models import Candidate, ErasureReason, RetentionRun
from kandidaten.services.erasure import candidate_erase

logger = logging.getLogger(__name__)


def retention_due(*, today: datetime.date):
    """Warned records whose day has come, with no activity since the warning."""
    # A contact has only a date: one logged on the day of the warning or later counts.
    activity = Greatest("updated_at", "user__last_login", output_field=DateTimeField())
    return (
        Candidate.objects.filter(
            anonymised_at=None,
            removal_due_on__isnull=False,
            removal_due_on__lte=today,
            retention_warned_at__isnull=False,
        )
        .annotate(activity=activity)
        .filter(activity__lte=F("retention_warned_at"))
        .filter(
            Q(last_contact_on__isnull=True)
            | Q(last_contact_on__lt=TruncDate("retention_warned_at"))
        )
        .order_by("removal_due_on", "pk")
    )


def retention_clear_stale(*, today: datetime.date) -> int:
    """Warnings that activity cancelled are cleared, so the record is warned afresh later."""
    due = retention_due(today=today).values("pk")
    return (
        Candidate.objects.filter(anonymised_at=None, removal_due_on__lte=today)
        .exclude(pk__in=due)
        .update(retention_warned_at=None, removal_due_on=None)
    )


def retention_run(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict:
    """Anonymise what is due today (Amsterdam); with ``dry_run`` only list it. Returns the
    counts and record numbers."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    ids = list(retention_due(today=today).values_list("pk", flat=True))
    if dry_run:
        return {"day": today, "due": ids, "anonymised": [], "failed": []}
    done, failed = [], []
    for pk in ids:
        candidate = Candidate.objects.filter(pk=pk, anonymised_at=None).first()
        if candidate is None:
            continue
        try:
            candidate_erase(candidate=candidate, actor=None, reason=ErasureReason.RETENTION)
        except Exception as error:
            # The error's class only: a database error's detail can quote personal values.
            logger.error("Retention: record %s not anonymised (%s)", pk, type(error).__name__)
            failed.append(pk)
        else:
            done.append(pk)
    retention_clear_stale(today=today)
    RetentionRun.objects.create(
        ran_at=now, acted_on=today, anonymised=len(done), candidate_ids=done, failed_ids=failed
    )
    return {"day": today, "due": ids, "anonymised": done, "failed": failed}


@shared_task(name="kandidaten.tasks.retention")
def retention() -> int:
    """Periodic (beat): anonymise the records whose retention date has come."""
    return len(retention_run()["anonymised"])
