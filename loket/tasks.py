from celery import shared_task

from loket.services import heartbeat_record


@shared_task
def heartbeat() -> None:
    """Periodic proof that beat, the broker and a worker run together."""
    heartbeat_record(name="heartbeat")


# --- Outgoing mail (issue 6) ------------------------------------------------------------------


@shared_task
def send_mail(mail_id: int) -> str | None:
    """Send one recorded message. Safe to run twice: the row is claimed before sending, and a
    retry after a temporary SMTP failure is queued by the service with its own backoff."""
    from loket.mail.services import mail_deliver

    return mail_deliver(mail_id=mail_id)


@shared_task
def sweep_outbox() -> int:
    """Re-queue messages a dead worker left in 'sending' and hand over due queued ones."""
    from loket.mail.services import outbox_sweep

    return len(outbox_sweep())


@shared_task
def prune_outbox() -> int:
    """Daily: drop the text of old messages; the log of what was sent stays."""
    from loket.mail.services import outbox_prune_bodies

    return outbox_prune_bodies()


@shared_task
def run_reminder_rules() -> list[str]:
    """Fan out: one task per registered reminder rule, so one rule's trouble stops no other."""
    from loket.mail.reminders import registered_rules

    names = sorted(registered_rules())
    for name in names:
        run_reminder_rule.delay(name)
    return names


@shared_task
def run_reminder_rule(name: str) -> int:
    """Run one rule for every region that has it on; returns how many messages it queued."""
    from loket.mail.reminders import reminder_rule_run

    return reminder_rule_run(name=name)
