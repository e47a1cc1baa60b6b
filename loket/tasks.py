from celery import shared_task

from loket.services import heartbeat_record


@shared_task
def heartbeat() -> None:
    """Periodic proof that beat, the broker and a worker run together."""
    heartbeat_record(name="heartbeat")
