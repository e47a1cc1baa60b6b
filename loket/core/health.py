"""The heartbeat of the periodic tasks, and the language a person chose."""

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from loket.core.models import Heartbeat, User


@transaction.atomic
def heartbeat_record(*, name: str) -> Heartbeat:
    """Record one run of a periodic task. Counting with an UPDATE keeps concurrent runs exact."""
    now = timezone.now()
    Heartbeat.objects.get_or_create(name=name, defaults={"last_run_at": now, "runs": 0})
    Heartbeat.objects.filter(name=name).update(last_run_at=now, runs=F("runs") + 1)
    return Heartbeat.objects.get(name=name)


@shared_task(name="loket.tasks.heartbeat")
def heartbeat() -> None:
    """Periodic proof that beat, the broker and a worker run together."""
    heartbeat_record(name="heartbeat")


def user_set_language(*, user: User, language: str) -> None:
    """The language a person's mail is written in follows the language they chose on the site."""
    User.objects.filter(pk=user.pk).exclude(language=language).update(language=language)
    user.language = language
