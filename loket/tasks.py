from celery import shared_task
from django.db import OperationalError

from loket.services import heartbeat_record


@shared_task(autoretry_for=(OperationalError,))
def heartbeat() -> None:
    """Periodic proof that beat, the broker and a worker run together."""
    heartbeat_record(name="heartbeat")
